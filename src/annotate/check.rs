//! Registry checks for `gloss check`.
