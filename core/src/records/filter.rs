//! Filtering a student's achievements by type, school year and period
//! (П1 §5.2 примечание, §5.5).

use crate::records::achievement::Achievement;
use crate::records::school_year::{year_of, SchoolYear};
use crate::util::id::Id;
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AchievementFilter {
    pub type_id: Option<Id>,
    pub year: Option<i32>,
    /// A period of `year`; ignored without a year.
    pub period_id: Option<Id>,
}

/// The periods used for a year: the configured ones, or the default quarters.
pub fn year_or_default(years: &[SchoolYear], start_year: i32) -> SchoolYear {
    years
        .iter()
        .find(|y| y.start_year == start_year)
        .cloned()
        .unwrap_or_else(|| SchoolYear::with_quarters(start_year))
}

impl AchievementFilter {
    pub fn is_empty(&self) -> bool {
        self.type_id.is_none() && self.year.is_none()
    }

    pub fn matches(&self, a: &Achievement, years: &[SchoolYear]) -> bool {
        if self.type_id.as_ref().is_some_and(|t| t != &a.type_id) {
            return false;
        }
        self.matches_date(a.date, years)
    }

    /// Whether a date falls in the filter's year and period (a reward's).
    pub fn matches_date(&self, d: chrono::NaiveDate, years: &[SchoolYear]) -> bool {
        let Some(y) = self.year else {
            return true;
        };
        if year_of(d) != y {
            return false;
        }
        match &self.period_id {
            None => true,
            Some(pid) => year_or_default(years, y)
                .period(pid)
                .is_some_and(|p| p.contains(d)),
        }
    }

    /// The matching achievements, newest first.
    pub fn apply<'a>(&self, list: &'a [Achievement], years: &[SchoolYear]) -> Vec<&'a Achievement> {
        let mut out: Vec<&Achievement> = list.iter().filter(|a| self.matches(a, years)).collect();
        out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        out
    }
}

/// School years to offer in the filter: configured ones and any an achievement
/// falls in, newest first.
pub fn years_to_offer(list: &[Achievement], years: &[SchoolYear]) -> Vec<i32> {
    let set: BTreeSet<i32> = years
        .iter()
        .map(|y| y.start_year)
        .chain(list.iter().map(|a| year_of(a.date)))
        .collect();
    set.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::catalogue::CatalogueKind;
    use crate::util::id::Revision;
    use chrono::NaiveDate;

    fn ach(title: &str, type_n: usize, date: (i32, u32, u32)) -> Achievement {
        Achievement {
            id: Id(title.into()),
            title: title.into(),
            type_id: CatalogueKind::AchievementTypes.default_id(type_n),
            level_id: CatalogueKind::EventLevels.default_id(1),
            result: String::new(),
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            subject_id: crate::records::catalogue::no_subject_id(),
            staff_id: None,
            place_id: crate::records::catalogue::participant_place_id(),
            category_id: None,
            organisation: String::new(),
            assessment: None,
            in_gir: false,
            gto: None,
            by_family: false,
            remote: false,
            team: false,
            documents: Vec::new(),
            rev: Revision::builtin(),
        }
    }

    fn sample() -> Vec<Achievement> {
        vec![
            ach("a", 1, (2025, 10, 31)),
            ach("b", 1, (2025, 11, 1)),
            ach("c", 2, (2026, 2, 10)),
            ach("d", 2, (2024, 12, 1)),
            ach("e", 1, (2025, 9, 1)),
        ]
    }

    fn titles(v: Vec<&Achievement>) -> Vec<&str> {
        v.into_iter().map(|a| a.title.as_str()).collect()
    }

    #[test]
    fn no_filter_lists_all_newest_first() {
        let s = sample();
        assert_eq!(
            titles(AchievementFilter::default().apply(&s, &[])),
            vec!["c", "b", "a", "e", "d"]
        );
    }

    #[test]
    fn by_type() {
        let s = sample();
        let f = AchievementFilter {
            type_id: Some(CatalogueKind::AchievementTypes.default_id(2)),
            ..Default::default()
        };
        assert_eq!(titles(f.apply(&s, &[])), vec!["c", "d"]);
    }

    #[test]
    fn by_year_and_quarter_boundaries() {
        let s = sample();
        let f = AchievementFilter {
            year: Some(2025),
            ..Default::default()
        };
        assert_eq!(titles(f.apply(&s, &[])), vec!["c", "b", "a", "e"]);
        let q1 = AchievementFilter {
            year: Some(2025),
            period_id: Some(Id("2025-q1".into())),
            ..Default::default()
        };
        assert_eq!(titles(q1.apply(&s, &[])), vec!["a", "e"]);
        let q2 = AchievementFilter {
            period_id: Some(Id("2025-q2".into())),
            ..q1.clone()
        };
        assert_eq!(titles(q2.apply(&s, &[])), vec!["b"]);
    }

    #[test]
    fn configured_periods_are_used() {
        let s = sample();
        let mut y = SchoolYear::with_quarters(2025);
        y.periods.truncate(1);
        y.periods[0].id = Id("autumn".into());
        y.periods[0].end = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
        let f = AchievementFilter {
            year: Some(2025),
            period_id: Some(Id("autumn".into())),
            ..Default::default()
        };
        assert_eq!(titles(f.apply(&s, &[y])), vec!["b", "a", "e"]);
    }

    #[test]
    fn combined_type_year_period() {
        let s = sample();
        let f = AchievementFilter {
            type_id: Some(CatalogueKind::AchievementTypes.default_id(1)),
            year: Some(2025),
            period_id: Some(Id("2025-q1".into())),
        };
        assert_eq!(titles(f.apply(&s, &[])), vec!["a", "e"]);
    }

    #[test]
    fn offered_years() {
        let s = sample();
        assert_eq!(
            years_to_offer(&s, &[SchoolYear::with_quarters(2026)]),
            vec![2026, 2025, 2024]
        );
    }
}
