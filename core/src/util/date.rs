//! Dates as the school writes them: ДД.ММ.ГГГГ.

use chrono::{Datelike, NaiveDate};

/// Formats a date as ДД.ММ.ГГГГ. (Written out rather than with chrono's
/// `format`, whose formatting engine would add kilobytes to the page.)
pub fn format_ru(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year())
}

/// Formats a date as ISO 8601 (ГГГГ-ММ-ДД), as stored and exported.
pub fn format_iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses an ISO date (ГГГГ-ММ-ДД) as stored.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// How a stored date that does not read is described (a file's reader
/// recognises these words in serde's message; the deserialisers below
/// write them out, which is cheaper in the wasm than a format argument —
/// a test checks they agree).
pub const BAD_DATE: &str = "неверная дата";

/// Serde for stored dates as "ГГГГ-ММ-ДД" (see [`format_iso`]).
pub mod iso {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_iso(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse_iso(&s)
            .ok_or_else(|| D::Error::custom(format!("неверная дата «{s}», ожидается ГГГГ-ММ-ДД")))
    }
}

/// Serde for optional stored dates (`null` when absent).
pub mod iso_opt {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&super::format_iso(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s = <Option<std::borrow::Cow<'de, str>>>::deserialize(d)?;
        match s {
            None => Ok(None),
            Some(s) => super::parse_iso(&s).map(Some).ok_or_else(|| {
                D::Error::custom(format!("неверная дата «{s}», ожидается ГГГГ-ММ-ДД"))
            }),
        }
    }
}

/// Formats an optional date, empty when absent.
pub fn format_opt(d: Option<NaiveDate>) -> String {
    d.map(format_ru).unwrap_or_default()
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Parses ДД.ММ.ГГГГ and explains in Russian what is wrong otherwise.
/// Accepted as typed on a phone: one-digit day or month, spaces, «,» or «/»
/// for the dot (a Russian numeric keyboard has a comma), and eight digits
/// with no separator at all (01092025).
pub fn parse_ru(input: &str) -> Result<NaiveDate, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = s.len() == 8 && s.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = if compact {
        vec![&s[0..2], &s[2..4], &s[4..8]]
    } else {
        s.split(['.', '/', ',']).collect()
    };
    let bad_format = || {
        format!(
            "Введите дату в формате ДД.ММ.ГГГГ, например 01.09.2025 (сейчас: «{}»).",
            input.trim()
        )
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        || parts[0].len() > 2
        || parts[1].len() > 2
        || parts[2].len() != 4
    {
        return Err(bad_format());
    }
    let d: u32 = parts[0].parse().map_err(|_| bad_format())?;
    let m: u32 = parts[1].parse().map_err(|_| bad_format())?;
    let y: i32 = parts[2].parse().map_err(|_| bad_format())?;
    if !(1..=12).contains(&m) {
        return Err(format!("Месяц должен быть от 01 до 12 (сейчас: {m:02})."));
    }
    if !(1900..=2200).contains(&y) {
        return Err(format!("Проверьте год: {y}."));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        if m == 2 && d == 29 && !is_leap(y) {
            format!("Такой даты нет: 29.02.{y} — {y} год не високосный.")
        } else {
            format!("Такой даты нет: {d:02}.{m:02}.{y}.")
        }
    })
}

/// Parses an optional date field: empty input is `None`.
pub fn parse_opt(input: &str) -> Result<Option<NaiveDate>, String> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_ru(input).map(Some)
    }
}

/// Full years between `birth` and `on` (a child born on 29 February turns a
/// year older on 1 March in non-leap years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_date_that_does_not_read_says_bad_date() {
        let e = serde_json::from_str::<Wrapped>(r#"{"d":"2026-13-01"}"#).unwrap_err();
        assert!(e.to_string().contains(BAD_DATE), "{e}");
        let e = serde_json::from_str::<WrappedOpt>(r#"{"d":"01.02.2026"}"#).unwrap_err();
        assert!(e.to_string().contains(BAD_DATE), "{e}");
    }

    #[derive(serde::Deserialize, Debug)]
    struct Wrapped {
        #[serde(with = "iso")]
        #[allow(dead_code)]
        d: NaiveDate,
    }

    #[derive(serde::Deserialize, Debug)]
    struct WrappedOpt {
        #[serde(with = "iso_opt")]
        #[allow(dead_code)]
        d: Option<NaiveDate>,
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn formats_as_dd_mm_yyyy() {
        assert_eq!(format_ru(d(2025, 9, 1)), "01.09.2025");
        assert_eq!(format_opt(None), "");
    }

    #[test]
    fn parses_valid_dates() {
        assert_eq!(parse_ru("01.09.2025"), Ok(d(2025, 9, 1)));
        assert_eq!(parse_ru(" 1.9.2025 "), Ok(d(2025, 9, 1)));
        assert_eq!(parse_ru("29.02.2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_ru("29.02.2000"), Ok(d(2000, 2, 29)));
        assert_eq!(parse_ru("31/12/2025"), Ok(d(2025, 12, 31)));
        assert_eq!(parse_ru("31,12,2025"), Ok(d(2025, 12, 31)));
        assert_eq!(parse_ru("01092025"), Ok(d(2025, 9, 1)));
        assert_eq!(parse_ru("29022024"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn rejects_29_february_of_a_common_year() {
        let e = parse_ru("29.02.2025").unwrap_err();
        assert!(e.contains("не високосный"), "{e}");
        assert!(parse_ru("29.02.1900")
            .unwrap_err()
            .contains("не високосный"));
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        assert!(parse_ru("2025-09-01").unwrap_err().contains("ДД.ММ.ГГГГ"));
        assert!(parse_ru("").unwrap_err().contains("ДД.ММ.ГГГГ"));
        assert!(parse_ru("01.09.25").unwrap_err().contains("ДД.ММ.ГГГГ"));
        assert!(parse_ru("0109202").unwrap_err().contains("ДД.ММ.ГГГГ"));
        assert!(parse_ru("010920255").unwrap_err().contains("ДД.ММ.ГГГГ"));
        assert!(parse_ru("29022025").unwrap_err().contains("не високосный"));
        assert!(parse_ru("aa.bb.cccc").is_err());
        assert!(parse_ru("31.04.2025")
            .unwrap_err()
            .contains("Такой даты нет"));
        assert!(parse_ru("00.04.2025")
            .unwrap_err()
            .contains("Такой даты нет"));
        assert!(parse_ru("10.13.2025").unwrap_err().contains("Месяц"));
        assert!(parse_ru("10.10.1800").unwrap_err().contains("год"));
    }

    #[test]
    fn iso_round_trip() {
        assert_eq!(format_iso(d(2024, 2, 29)), "2024-02-29");
        assert_eq!(parse_iso("2024-02-29"), Some(d(2024, 2, 29)));
        assert_eq!(parse_iso("2025-02-29"), None);
        assert_eq!(parse_iso("2025-2-01"), None);
        assert_eq!(parse_iso("20250201"), None);
        assert_eq!(parse_iso("2025-02-01-01"), None);
    }

    #[test]
    fn optional_dates() {
        assert_eq!(parse_opt("  "), Ok(None));
        assert_eq!(parse_opt("02.01.2026"), Ok(Some(d(2026, 1, 2))));
        assert!(parse_opt("32.01.2026").is_err());
    }

    #[test]
    fn age_counts_full_years_and_leap_birthdays() {
        assert_eq!(age_on(d(2017, 9, 1), d(2025, 8, 31)), 7);
        assert_eq!(age_on(d(2017, 9, 1), d(2025, 9, 1)), 8);
        assert_eq!(age_on(d(2016, 2, 29), d(2025, 2, 28)), 8);
        assert_eq!(age_on(d(2016, 2, 29), d(2025, 3, 1)), 9);
    }
}
