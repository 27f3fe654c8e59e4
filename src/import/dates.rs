//! Dates as English text states them → ISO dates.
//!
//! Understood: "17 February 2024", "17th Feb. 2024", "February 17, 2024", "Feb. 17th, 2024",
//! "Sunday, December 22, 2024", "2024-02-17", "2024/02/17", and all-numeric "17/02/2024",
//! "17.02.2024", "17-02-2024". All-numeric dates are read day first (the British and
//! international order the archive's sources write in) unless the first number cannot be a day
//! of a month read that way, i.e. the second number is above 12 ("02/17/2024" is read as the US
//! form). A month and year without a day is not a date we can record, so it is ignored.

use crate::config::DateOrder;
use chrono::NaiveDate;

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(super) const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Words that may stand around a date on a date line ("Published on Sunday, 17 Feb 2024, 10:30 GMT").
const DATE_LINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "date",
    "dated",
    "am",
    "pm",
    "gmt",
    "utc",
    "est",
    "edt",
    "pst",
    "pdt",
    "cet",
    "cest",
    "bst",
    "ist",
    "et",
    "pt",
    "first",
    "issued",
    "released",
    "created",
];

pub(super) fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) && (word.len() == m.len() || word.len() <= 4))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word))
}

/// "17", "17th", "1st" → 17, 1.
fn day_number(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1800..=2200).contains(y))
}

thread_local! {
    /// The site's `date_order`, set for the files imported on this thread.
    static DATE_ORDER: std::cell::Cell<DateOrder> = const { std::cell::Cell::new(DateOrder::DayFirst) };
}

/// Runs `work` with all-numeric dates read in `order` on this thread (the import of one file
/// runs on one thread; the setting is put back afterwards).
pub fn with_date_order<T>(order: DateOrder, work: impl FnOnce() -> T) -> T {
    let before = DATE_ORDER.with(|cell| cell.replace(order));
    let result = work();
    DATE_ORDER.with(|cell| cell.set(before));
    result
}

/// Three numbers separated by `-`, `/` or `.`: ISO first, otherwise in the site's
/// `date_order` (day first unless set), unless only the other order makes a date.
fn numeric_date(word: &str) -> Option<NaiveDate> {
    let word = word.split(['T', 't']).next().unwrap_or(word);
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    if parts.len() != 3
        || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if numbers.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(numbers[0] as i32, numbers[1], numbers[2]);
    }
    if parts[2].len() != 4 {
        return None;
    }
    let year = numbers[2] as i32;
    let month_first = match DATE_ORDER.with(std::cell::Cell::get) {
        DateOrder::DayFirst => numbers[1] > 12,
        DateOrder::MonthFirst => numbers[0] <= 12,
    };
    let (day, month) =
        if month_first { (numbers[1], numbers[0]) } else { (numbers[0], numbers[1]) };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·' || c == '•')
        .map(|w| {
            w.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '"' | '“' | '”' | ';'))
        })
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The first full date stated in `text`, and the range of words it used.
fn find_date(words: &[String]) -> Option<(NaiveDate, usize, usize)> {
    for (index, word) in words.iter().enumerate() {
        if let Some(date) = numeric_date(word.trim_end_matches('.')) {
            return Some((date, index, index + 1));
        }
        let Some(month) = month_number(word) else { continue };
        // "17 February 2024" / "17th of February 2024"
        let before = index.checked_sub(1).map(|i| words[i].as_str());
        let before = if before == Some("of") {
            index.checked_sub(2).map(|i| words[i].as_str())
        } else {
            before
        };
        let year_after = words.get(index + 1).and_then(|w| year_number(w.trim_end_matches('.')));
        if let (Some(day), Some(year)) = (before.and_then(day_number), year_after) {
            let start = if words[index - 1] == "of" { index - 2 } else { index - 1 };
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                return Some((date, start, index + 2));
            }
        }
        // "February 17, 2024" / "Feb. 17th 2024"
        let day_after = words.get(index + 1).and_then(|w| day_number(w.trim_end_matches('.')));
        let year_later = words.get(index + 2).and_then(|w| year_number(w.trim_end_matches('.')));
        if let (Some(day), Some(year)) = (day_after, year_later)
            && let Some(date) = NaiveDate::from_ymd_opt(year, month, day)
        {
            return Some((date, index, index + 3));
        }
    }
    None
}

/// The first full date stated anywhere in `text`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    find_date(&words_of(text)).map(|(date, _, _)| date)
}

/// "February 2025" → 1 February 2025: a report dated by month only (front matter dates are
/// whole dates, and the first of the month keeps the archive in order).
pub fn parse_month_and_year(text: &str) -> Option<NaiveDate> {
    let words = words_of(text);
    let [month, year] = words.as_slice() else { return None };
    NaiveDate::from_ymd_opt(year_number(year)?, month_number(month.trim_end_matches('.'))?, 1)
}

/// The date of a line that states nothing but a date (with publishing words, a weekday or a
/// time of day around it).
pub fn parse_date_line(line: &str) -> Option<NaiveDate> {
    // Every date form has a year in digits: most lines of prose are ruled out without parsing.
    if line.chars().count() > 80 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let words = words_of(line);
    let (date, start, end) = find_date(&words)?;
    let rest_is_chrome = words[..start].iter().chain(&words[end..]).all(|w| {
        let w = w.trim_end_matches([':', '.']);
        w.is_empty()
            || is_weekday(w)
            || DATE_LINE_WORDS.contains(&w)
            || w.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '-' || c == '–' || c == '—')
    });
    rest_is_chrome.then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn reads_common_english_date_forms() {
        for text in [
            "17 February 2024",
            "17th Feb. 2024",
            "17th of February, 2024",
            "February 17, 2024",
            "Feb. 17th, 2024",
            "Feb 17 2024",
            "Saturday, February 17, 2024",
            "2024-02-17",
            "2024/02/17",
            "2024-02-17T10:30:00Z",
            "17/02/2024",
            "17.02.2024",
            "17-02-2024",
            "02/17/2024",
        ] {
            assert_eq!(parse_date(text), ymd(2024, 2, 17), "{text}");
        }
    }

    #[test]
    fn date_order_month_first_reads_the_us_order() {
        let read = |text| with_date_order(DateOrder::MonthFirst, || parse_date_line(text));
        assert_eq!(read("12/03/2025"), ymd(2025, 12, 3));
        assert_eq!(read("25/03/2025"), ymd(2025, 3, 25), "only day first makes a date");
        assert_eq!(parse_date_line("12/03/2025"), ymd(2025, 3, 12), "day first by default");
    }

    #[test]
    fn numeric_dates_are_day_first_when_ambiguous() {
        assert_eq!(parse_date("03/04/2024"), ymd(2024, 4, 3));
    }

    #[test]
    fn ignores_impossible_and_partial_dates() {
        assert_eq!(parse_date("31 February 2024"), None);
        assert_eq!(parse_date("in May 2023 the council met"), None);
        assert_eq!(parse_date("may the 4 be with you 2024"), None);
        assert_eq!(parse_date("13/13/2024"), None);
    }

    #[test]
    fn date_line_must_be_only_a_date() {
        assert_eq!(parse_date_line("December 21, 2024"), ymd(2024, 12, 21));
        assert_eq!(
            parse_date_line("Published on Sunday, 22 Dec 2024, 10:30 GMT"),
            ymd(2024, 12, 22)
        );
        assert_eq!(parse_date_line("Updated: 2024-12-22"), ymd(2024, 12, 22));
        assert_eq!(parse_month_and_year("February 2025"), ymd(2025, 2, 1));
        assert_eq!(parse_month_and_year("Feb. 2025"), ymd(2025, 2, 1));
        assert_eq!(parse_month_and_year("February 17, 2025"), None);
        assert_eq!(parse_month_and_year("Room 2025"), None);
        assert_eq!(parse_date_line("The council met on 22 December 2024."), None);
    }
}
