//! Front matter dates: a day, or a day with a time and an offset, as Hugo and Zola content
//! writes them (`2019-09-23`, `2019-09-23T19:07:00Z`, `2019-09-23 19:07:00+02:00`). Written
//! back exactly as precise as it was read, so a rewrite of the front matter keeps the time.

use std::fmt;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An article's date. Ordered by day, then time: a day alone sorts before the same day with a
/// time. `day` is the date as written (the local date where the offset says), which is what
/// the author meant and what every list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrontDate {
    pub day: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Seconds east of UTC, when the text states an offset (`Z` is 0).
    pub offset_seconds: Option<i32>,
}

impl From<NaiveDate> for FrontDate {
    fn from(day: NaiveDate) -> FrontDate {
        FrontDate { day, time: None, offset_seconds: None }
    }
}

const EXPECTED: &str = "a date is YYYY-MM-DD, optionally with a time and an offset \
     (2019-09-23T19:07:00Z, 2019-09-23 19:07:00+02:00)";

impl FrontDate {
    pub fn parse(text: &str) -> Result<FrontDate, String> {
        let text = text.trim();
        let bad = || format!("{EXPECTED}, not {text:?}");
        let (day_text, rest) = text.split_at_checked(10).ok_or_else(bad)?;
        let day = NaiveDate::parse_from_str(day_text, "%Y-%m-%d").map_err(|_| bad())?;
        if rest.is_empty() {
            return Ok(day.into());
        }
        let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
        let time_end = rest.find(['Z', 'z', '+', '-', ' ']).unwrap_or(rest.len());
        let (time_text, offset_text) = rest.split_at(time_end);
        let time = NaiveTime::parse_from_str(time_text, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(time_text, "%H:%M"))
            .map_err(|_| bad())?;
        let offset_seconds = parse_offset(offset_text.trim_start()).ok_or_else(bad)?;
        Ok(FrontDate { day, time: Some(time), offset_seconds })
    }

    /// RFC 3339 for feeds and `<time datetime>`: a day alone is taken as midnight UTC, a time
    /// without an offset as UTC.
    pub fn rfc3339(&self) -> String {
        let time = self.time.unwrap_or(NaiveTime::MIN);
        let offset = match self.offset_seconds {
            None | Some(0) => "Z".to_string(),
            Some(seconds) => format_offset(seconds),
        };
        format!("{}T{}{offset}", self.day.format("%Y-%m-%d"), format_time(time))
    }
}

/// `""` (none), `Z`, `+02:00`, `+0200`, `-05`.
fn parse_offset(text: &str) -> Option<Option<i32>> {
    if text.is_empty() {
        return Some(None);
    }
    if text.eq_ignore_ascii_case("z") {
        return Some(Some(0));
    }
    let sign = match text.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = text[1..].chars().filter(|&c| c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    (hours <= 23 && minutes <= 59).then_some(Some(sign * (hours * 3600 + minutes * 60)))
}

fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn format_time(time: NaiveTime) -> String {
    if time.nanosecond() == 0 {
        time.format("%H:%M:%S").to_string()
    } else {
        time.format("%H:%M:%S%.f").to_string()
    }
}

impl fmt::Display for FrontDate {
    /// As precise as it was written: `2019-09-23`, or `2019-09-23T19:07:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.day.format("%Y-%m-%d"))?;
        if let Some(time) = self.time {
            write!(f, "T{}", format_time(time))?;
            match self.offset_seconds {
                Some(0) => write!(f, "Z")?,
                Some(seconds) => write!(f, "{}", format_offset(seconds))?,
                None => {}
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for FrontDate {
    type Err = String;

    fn from_str(text: &str) -> Result<FrontDate, String> {
        FrontDate::parse(text)
    }
}

impl Serialize for FrontDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FrontDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FrontDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        FrontDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_hugo_and_zola_forms_and_writes_them_back_as_precise() {
        for (written, canonical, offset) in [
            ("2019-09-23", "2019-09-23", None),
            ("2019-09-23T19:07:00Z", "2019-09-23T19:07:00Z", Some(0)),
            ("2019-09-23T19:07:00+02:00", "2019-09-23T19:07:00+02:00", Some(7200)),
            ("2019-09-23T19:07:00-05:30", "2019-09-23T19:07:00-05:30", Some(-19800)),
            ("2019-09-23 19:07:00", "2019-09-23T19:07:00", None),
            ("2019-09-23T19:07", "2019-09-23T19:07:00", None),
            ("2019-09-23 19:07:00 +0200", "2019-09-23T19:07:00+02:00", Some(7200)),
            ("2019-09-23T19:07:00.250Z", "2019-09-23T19:07:00.250Z", Some(0)),
        ] {
            let date = FrontDate::parse(written).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(date.day, day(2019, 9, 23), "{written}");
            assert_eq!(date.offset_seconds, offset, "{written}");
            assert_eq!(date.to_string(), canonical);
            assert_eq!(FrontDate::parse(canonical).unwrap(), date);
        }
    }

    #[test]
    fn rejects_what_is_not_a_date_with_the_forms_expected() {
        for bad in ["2019-9-23", "23/09/2019", "2019-09-23T25:00:00Z", "2019-09-23T19:07:00+2", ""]
        {
            let error = FrontDate::parse(bad).unwrap_err();
            assert!(error.contains("YYYY-MM-DD"), "{bad}: {error}");
        }
    }

    #[test]
    fn rfc3339_fills_in_midnight_and_utc() {
        assert_eq!(FrontDate::from(day(2024, 8, 1)).rfc3339(), "2024-08-01T00:00:00Z");
        let date = FrontDate::parse("2019-09-23T19:07:00+02:00").unwrap();
        assert_eq!(date.rfc3339(), "2019-09-23T19:07:00+02:00");
    }

    #[test]
    fn a_day_sorts_before_the_same_day_with_a_time() {
        let plain = FrontDate::from(day(2020, 1, 2));
        let timed = FrontDate::parse("2020-01-02T08:00:00Z").unwrap();
        assert!(plain < timed && timed < FrontDate::from(day(2020, 1, 3)));
    }
}
