//! Учебный год (1 September – 31 August) and its periods (четверти by default).

use crate::util::date::{format_ru, parse_ru};
use crate::util::id::{Id, Revision};
use crate::util::text::clean;
use crate::util::validation::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    pub id: Id,
    pub name: String,
    #[serde(with = "crate::util::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub start: NaiveDate,
    #[serde(with = "crate::util::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// A school year is identified by the calendar year it starts in (2025 → «2025/2026»).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SchoolYear {
    pub start_year: i32,
    pub periods: Vec<Period>,
    /// When the periods were last changed (built-in quarters: the epoch).
    #[serde(default = "Revision::builtin")]
    pub rev: Revision,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

/// The school year a date falls in: 1 September starts a new one.
pub fn year_of(d: NaiveDate) -> i32 {
    if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// «2025/2026»
pub fn year_label(start_year: i32) -> String {
    format!("{}/{}", start_year, start_year + 1)
}

impl SchoolYear {
    /// Four contiguous четверти covering the whole year, holidays included, so
    /// every date of the year belongs to exactly one period.
    pub fn with_quarters(start_year: i32) -> SchoolYear {
        let y = start_year;
        let p = |n: &str, name: &str, s: NaiveDate, e: NaiveDate| Period {
            id: Id(format!("{y}-q{n}")),
            name: name.to_string(),
            start: s,
            end: e,
        };
        SchoolYear {
            start_year: y,
            periods: vec![
                p("1", "I четверть", ymd(y, 9, 1), ymd(y, 10, 31)),
                p("2", "II четверть", ymd(y, 11, 1), ymd(y, 12, 31)),
                p("3", "III четверть", ymd(y + 1, 1, 1), ymd(y + 1, 3, 31)),
                p("4", "IV четверть", ymd(y + 1, 4, 1), ymd(y + 1, 8, 31)),
            ],
            rev: Revision::builtin(),
        }
    }

    pub fn label(&self) -> String {
        year_label(self.start_year)
    }

    pub fn first_day(&self) -> NaiveDate {
        ymd(self.start_year, 9, 1)
    }

    pub fn last_day(&self) -> NaiveDate {
        ymd(self.start_year + 1, 8, 31)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first_day() <= d && d <= self.last_day()
    }

    pub fn period_of(&self, d: NaiveDate) -> Option<&Period> {
        self.periods.iter().find(|p| p.contains(d))
    }

    pub fn period(&self, id: &Id) -> Option<&Period> {
        self.periods.iter().find(|p| &p.id == id)
    }
}

/// One row of the periods editor, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodForm {
    pub id: Option<Id>,
    pub name: String,
    pub start: String,
    pub end: String,
}

impl PeriodForm {
    pub fn from_period(p: &Period) -> PeriodForm {
        PeriodForm {
            id: Some(p.id.clone()),
            name: p.name.clone(),
            start: format_ru(p.start),
            end: format_ru(p.end),
        }
    }
}

/// Validates the periods of a year: named, dated, inside the year, in order
/// and not overlapping. Errors name the period by its number.
pub fn parse_periods(
    start_year: i32,
    rows: &[PeriodForm],
    new_id: &mut dyn FnMut() -> Id,
) -> Result<Vec<Period>, FieldErrors> {
    let mut errors = FieldErrors::default();
    if rows.is_empty() {
        errors.push("periods", "Добавьте хотя бы один период.");
        return Err(errors);
    }
    let year = SchoolYear {
        start_year,
        periods: vec![],
        rev: Revision::builtin(),
    };
    let mut out: Vec<Period> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let n = i + 1;
        let name = clean(&r.name);
        if name.is_empty() {
            errors.push("periods", format!("Период №{n}: укажите название."));
        }
        let start = parse_ru(&r.start)
            .map_err(|e| errors.push("periods", format!("Период №{n}, начало: {e}")));
        let end = parse_ru(&r.end)
            .map_err(|e| errors.push("periods", format!("Период №{n}, окончание: {e}")));
        let (Ok(start), Ok(end)) = (start, end) else {
            continue;
        };
        if end < start {
            errors.push("periods", format!("Период №{n}: окончание раньше начала."));
            continue;
        }
        if !year.contains(start) || !year.contains(end) {
            errors.push(
                "periods",
                format!(
                    "Период №{n} выходит за учебный год {} ({}–{}).",
                    year.label(),
                    format_ru(year.first_day()),
                    format_ru(year.last_day())
                ),
            );
            continue;
        }
        if let Some(prev) = out.last() {
            if start <= prev.end {
                errors.push(
                    "periods",
                    format!(
                        "Период №{n} начинается раньше, чем закончился период №{}.",
                        n - 1
                    ),
                );
            }
        }
        out.push(Period {
            id: r.id.clone().unwrap_or_else(&mut *new_id),
            name,
            start,
            end,
        });
    }
    errors.into_result(out)
}

/// School years in order. One function for every place that sorts them:
/// each distinct sort call costs kilobytes of wasm.
pub fn sort_years(years: &mut [SchoolYear]) {
    years.sort_by_key(|y| y.start_year);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_cover_the_year_without_gaps() {
        let y = SchoolYear::with_quarters(2025);
        assert_eq!(y.label(), "2025/2026");
        let mut d = y.first_day();
        while d <= y.last_day() {
            let n = y.periods.iter().filter(|p| p.contains(d)).count();
            assert_eq!(n, 1, "{d} is in {n} periods");
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn period_boundaries() {
        let y = SchoolYear::with_quarters(2025);
        assert_eq!(y.period_of(ymd(2025, 10, 31)).unwrap().name, "I четверть");
        assert_eq!(y.period_of(ymd(2025, 11, 1)).unwrap().name, "II четверть");
        assert_eq!(y.period_of(ymd(2025, 12, 31)).unwrap().name, "II четверть");
        assert_eq!(y.period_of(ymd(2026, 1, 1)).unwrap().name, "III четверть");
        assert_eq!(y.period_of(ymd(2026, 8, 31)).unwrap().name, "IV четверть");
        assert!(y.period_of(ymd(2026, 9, 1)).is_none());
        assert!(y.period_of(ymd(2025, 8, 31)).is_none());
    }

    #[test]
    fn leap_day_belongs_to_the_third_quarter() {
        let y = SchoolYear::with_quarters(2023);
        assert_eq!(y.period_of(ymd(2024, 2, 29)).unwrap().name, "III четверть");
    }

    #[test]
    fn year_of_switches_on_first_september() {
        assert_eq!(year_of(ymd(2025, 8, 31)), 2024);
        assert_eq!(year_of(ymd(2025, 9, 1)), 2025);
        assert_eq!(year_of(ymd(2026, 1, 15)), 2025);
    }

    fn rows(v: &[(&str, &str, &str)]) -> Vec<PeriodForm> {
        v.iter()
            .map(|(n, s, e)| PeriodForm {
                id: None,
                name: n.to_string(),
                start: s.to_string(),
                end: e.to_string(),
            })
            .collect()
    }

    #[test]
    fn parses_trimesters() {
        let mut k = 0;
        let mut gen = || {
            k += 1;
            Id(format!("p{k}"))
        };
        let p = parse_periods(
            2025,
            &rows(&[
                ("I триместр", "01.09.2025", "30.11.2025"),
                ("II триместр", "01.12.2025", "28.02.2026"),
                ("III триместр", "01.03.2026", "31.05.2026"),
            ]),
            &mut gen,
        )
        .unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].id, Id("p3".into()));
    }

    #[test]
    fn rejects_overlaps_gaps_outside_and_reversed() {
        let mut gen = || Id("x".into());
        let e = parse_periods(
            2025,
            &rows(&[
                ("A", "01.09.2025", "30.11.2025"),
                ("B", "30.11.2025", "28.02.2026"),
                ("C", "01.03.2026", "01.09.2026"),
                ("", "10.03.2026", "01.03.2026"),
                ("E", "31.02.2026", "01.03.2026"),
            ]),
            &mut gen,
        )
        .unwrap_err();
        let all = e.to_string();
        assert!(all.contains("Период №2 начинается раньше"), "{all}");
        assert!(
            all.contains("Период №3 выходит за учебный год 2025/2026"),
            "{all}"
        );
        assert!(all.contains("Период №4: укажите название"), "{all}");
        assert!(all.contains("Период №4: окончание раньше начала"), "{all}");
        assert!(all.contains("Период №5, начало: Такой даты нет"), "{all}");
        assert!(parse_periods(2025, &[], &mut gen).is_err());
    }
}
