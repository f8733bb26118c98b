//! The quantitative half of the assessment (П1 §1.9–1.10, §2.3–2.4): points
//! for each achievement from «Баллы рейтинга», and each student's place in
//! the class and in the school for a school year or one of its periods.
//!
//! Points = the level's points × the place's share × (remote: its share) ×
//! (team: its share). The defaults follow the school and regional tables we
//! found: the level weighs roughly geometrically, the place as winner >
//! prize-winner > participant, remote participation counts half and team
//! results a little less. Everything is editable in «Справочники»; the
//! defaults apply to entries nobody has scored yet.
//!
//! Points are kept in hundredths (no floats: exact ties, and no float
//! formatting in the wasm).

use crate::records::achievement::Achievement;
use crate::records::catalogue::{CatalogueKind, Catalogues};
use crate::records::filter::AchievementFilter;
use crate::records::portfolio::Portfolio;
use crate::records::school::RatingFactors;
use crate::records::school_year::{year_label, SchoolYear};
use crate::records::student::Status;
use crate::util::id::Id;
use crate::util::text::plural;
use std::collections::BTreeMap;

/// Default points of the built-in event levels, школьный → международный.
pub const LEVEL_POINTS: [u32; 6] = [1, 2, 4, 6, 8, 16];
/// Points of a level added to the catalogue and not scored yet.
pub const OTHER_LEVEL_POINTS: u32 = 1;
/// Default shares (percent) of the built-in places: победитель, призёр (2),
/// призёр (3), лауреат, дипломант, участник.
pub const PLACE_PERCENT: [u32; 6] = [100, 75, 60, 50, 40, 20];
/// Share of a place added to the catalogue (say «Гран-при», «Диплом II
/// степени») and not scored yet: as much as a participant's.
pub const OTHER_PLACE_PERCENT: u32 = 20;
/// The largest value a weight may take (points or percent).
pub const MAX_WEIGHT: u32 = 1000;

/// Points in hundredths: `Points(1250)` is 12,5 points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub u64);

impl Points {
    /// «12», «12,5», «0,25».
    pub fn number(&self) -> String {
        let (whole, part) = (self.0 / 100, self.0 % 100);
        match part {
            0 => whole.to_string(),
            p if p % 10 == 0 => format!("{whole},{}", p / 10),
            p => format!("{whole},{p:02}"),
        }
    }

    /// «1 балл», «12 баллов», «2,5 балла».
    pub fn describe(&self) -> String {
        let word = if !self.0.is_multiple_of(100) {
            "балла"
        } else {
            plural((self.0 / 100) as usize, "балл", "балла", "баллов")
        };
        format!("{} {word}", self.number())
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0 + o.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        Points(iter.map(|p| p.0).sum())
    }
}

fn builtin_index(kind: CatalogueKind, id: &Id) -> Option<usize> {
    let n: usize =
        id.0.strip_prefix(kind.slug())?
            .strip_prefix('-')?
            .parse()
            .ok()?;
    n.checked_sub(1)
}

/// An entry's weight: as scored, else the built-in default, else `other`.
fn weight(c: &Catalogues, kind: CatalogueKind, id: &Id, defaults: &[u32], other: u32) -> u32 {
    c.get(kind, id)
        .and_then(|e| e.weight)
        .or_else(|| builtin_index(kind, id).and_then(|i| defaults.get(i).copied()))
        .unwrap_or(other)
}

/// The points of an event level.
pub fn level_points(c: &Catalogues, level: &Id) -> u32 {
    weight(
        c,
        CatalogueKind::EventLevels,
        level,
        &LEVEL_POINTS,
        OTHER_LEVEL_POINTS,
    )
}

/// The share of the level's points a prize place gives, in percent.
pub fn place_percent(c: &Catalogues, place: &Id) -> u32 {
    weight(
        c,
        CatalogueKind::PrizePlaces,
        place,
        &PLACE_PERCENT,
        OTHER_PLACE_PERCENT,
    )
}

/// Whether a place makes a winner or prize-winner: by default the first
/// three built-in places.
pub fn is_prize(c: &Catalogues, place: &Id) -> bool {
    let kind = CatalogueKind::PrizePlaces;
    c.get(kind, place)
        .and_then(|e| e.prize)
        .unwrap_or_else(|| builtin_index(kind, place).is_some_and(|i| i < 3))
}

/// Checks a weight typed on «Баллы рейтинга».
pub fn parse_weight(text: &str, what: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= MAX_WEIGHT => Ok(n),
        Ok(_) => Err(format!("{what}: не больше {MAX_WEIGHT}.")),
        Err(_) => Err(format!("{what}: укажите целое число от 0 до {MAX_WEIGHT}.")),
    }
}

/// What an achievement is worth.
pub fn score(a: &Achievement, c: &Catalogues, f: &RatingFactors) -> Points {
    let mut x =
        u64::from(level_points(c, &a.level_id)) * 100 * u64::from(place_percent(c, &a.place_id));
    let mut div = 100u64;
    if a.remote {
        x *= u64::from(f.remote_percent);
        div *= 100;
    }
    if a.team {
        x *= u64::from(f.team_percent);
        div *= 100;
    }
    Points((x + div / 2) / div)
}

/// A place in a ranking; equal points share it: `from`–`to` of `of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub from: u32,
    pub to: u32,
    pub of: u32,
}

impl Place {
    /// «3-е», or «2–3-е» for a tie.
    pub fn ordinal(&self) -> String {
        if self.from == self.to {
            format!("{}-е", self.from)
        } else {
            format!("{}–{}-е", self.from, self.to)
        }
    }
}

/// The places of `scores` (in the same order): the more points the higher,
/// equal points share a place.
pub fn places(scores: &[Points]) -> Vec<Place> {
    let mut sorted: Vec<Points> = scores.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let of = scores.len() as u32;
    scores
        .iter()
        .map(|s| {
            let above = sorted.partition_point(|x| x > s) as u32;
            let with = sorted.partition_point(|x| x >= s) as u32;
            Place {
                from: above + 1,
                to: with,
                of,
            }
        })
        .collect()
}

/// The time a rating covers: a school year, or one of its periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub year: i32,
    pub period: Option<Id>,
}

impl Span {
    /// The filter that selects the achievements of this span (of every type).
    pub fn filter(&self) -> AchievementFilter {
        AchievementFilter {
            type_id: None,
            year: Some(self.year),
            period_id: self.period.clone(),
        }
    }

    /// «за 2026/2027 учебный год», «за II четверть 2026/2027 учебного года».
    pub fn describe(&self, years: &[SchoolYear]) -> String {
        let period = self.period.as_ref().and_then(|id| {
            crate::records::filter::year_or_default(years, self.year)
                .period(id)
                .map(|p| p.name.clone())
        });
        match period {
            Some(name) => format!("за {name} {} учебного года", year_label(self.year)),
            None => format!("за {} учебный год", year_label(self.year)),
        }
    }
}

/// One student's points and places for a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    pub points: Points,
    /// Among the active students of their class.
    pub in_class: Place,
    /// Among the active students of the school.
    pub in_school: Place,
}

/// The points of every active student for `span` (and `type_id`, if given),
/// with their places in the class and in the school.
pub fn standings(p: &Portfolio, filter: &AchievementFilter) -> BTreeMap<Id, Standing> {
    let factors = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
    let active: Vec<(&Id, &Id, Points)> = p
        .students
        .values()
        .filter(|r| r.student.status == Status::Active)
        .map(|r| {
            let pts = r
                .achievements
                .iter()
                .filter(|a| filter.matches(a, &p.years))
                .map(|a| score(a, &p.catalogues, &factors))
                .sum();
            (&r.student.id, &r.student.class_id, pts)
        })
        .collect();
    let school = places(&active.iter().map(|x| x.2).collect::<Vec<_>>());
    let mut by_class: BTreeMap<&Id, Vec<usize>> = BTreeMap::new();
    for (i, (_, class, _)) in active.iter().enumerate() {
        by_class.entry(class).or_default().push(i);
    }
    let mut out = BTreeMap::new();
    for members in by_class.values() {
        let class_places = places(&members.iter().map(|&i| active[i].2).collect::<Vec<_>>());
        for (k, &i) in members.iter().enumerate() {
            out.insert(
                active[i].0.clone(),
                Standing {
                    points: active[i].2,
                    in_class: class_places[k],
                    in_school: school[i],
                },
            );
        }
    }
    out
}

/// «12 баллов за 2026/2027 учебный год: 3-е место в классе из 18, 12-е в
/// школе из 140».
pub fn describe_standing(s: &Standing, span: &Span, years: &[SchoolYear]) -> String {
    format!(
        "{} {}: {} место в классе из {}, {} в школе из {}",
        s.points.describe(),
        span.describe(years),
        s.in_class.ordinal(),
        s.in_class.of,
        s.in_school.ordinal(),
        s.in_school.of
    )
}

/// The achievements of a student that earned points in `filter`, with
/// their points, newest first.
pub fn earned<'a>(
    p: &Portfolio,
    list: &'a [Achievement],
    filter: &AchievementFilter,
) -> Vec<(&'a Achievement, Points)> {
    let factors = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
    filter
        .apply(list, &p.years)
        .into_iter()
        .map(|a| (a, score(a, &p.catalogues, &factors)))
        .collect()
}

/// One period of a student's dynamics (П1 §2.1, §2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodFigures {
    pub year: i32,
    pub period: String,
    pub achievements: usize,
    pub points: Points,
}

/// Achievements and points per period, for every school year from the
/// first with an achievement to the last (or to `until`), in order.
pub fn dynamics(p: &Portfolio, list: &[Achievement], until: i32) -> Vec<PeriodFigures> {
    let factors = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
    let Some(first) = list
        .iter()
        .map(|a| crate::records::school_year::year_of(a.date))
        .min()
    else {
        return Vec::new();
    };
    let last = list
        .iter()
        .map(|a| crate::records::school_year::year_of(a.date))
        .max()
        .unwrap_or(first)
        .max(until);
    let mut out = Vec::new();
    for year in first..=last {
        let y = crate::records::filter::year_or_default(&p.years, year);
        for period in &y.periods {
            let mine: Vec<&Achievement> = list.iter().filter(|a| period.contains(a.date)).collect();
            out.push(PeriodFigures {
                year,
                period: period.name.clone(),
                achievements: mine.len(),
                points: mine.iter().map(|a| score(a, &p.catalogues, &factors)).sum(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_in_russian() {
        assert_eq!(Points(1200).describe(), "12 баллов");
        assert_eq!(Points(100).describe(), "1 балл");
        assert_eq!(Points(300).describe(), "3 балла");
        assert_eq!(Points(2100).describe(), "21 балл");
        assert_eq!(Points(1100).describe(), "11 баллов");
        assert_eq!(Points(250).describe(), "2,5 балла");
        assert_eq!(Points(25).describe(), "0,25 балла");
        assert_eq!(Points(0).describe(), "0 баллов");
    }

    #[test]
    fn ties_share_a_place() {
        let p = places(&[Points(5), Points(9), Points(5), Points(1), Points(9)]);
        let show: Vec<String> = p
            .iter()
            .map(|x| format!("{}/{}", x.ordinal(), x.of))
            .collect();
        assert_eq!(show, ["3–4-е/5", "1–2-е/5", "3–4-е/5", "5-е/5", "1–2-е/5"]);
        assert!(places(&[]).is_empty());
        assert_eq!(places(&[Points(0)])[0].ordinal(), "1-е");
    }

    #[test]
    fn weights_default_by_builtin_id() {
        let c = Catalogues::default();
        let lvl = |n| level_points(&c, &CatalogueKind::EventLevels.default_id(n));
        assert_eq!(
            (lvl(1), lvl(2), lvl(3), lvl(4), lvl(5), lvl(6)),
            (1, 2, 4, 6, 8, 16)
        );
        let place = |n| place_percent(&c, &CatalogueKind::PrizePlaces.default_id(n));
        assert_eq!(place(1), 100);
        assert_eq!(place(6), 20);
        assert!(is_prize(&c, &CatalogueKind::PrizePlaces.default_id(3)));
        assert!(!is_prize(&c, &CatalogueKind::PrizePlaces.default_id(4)));
        assert_eq!(level_points(&c, &Id("levels-x".into())), OTHER_LEVEL_POINTS);
        assert_eq!(
            place_percent(&c, &Id("places-99".into())),
            OTHER_PLACE_PERCENT
        );
        assert_eq!(parse_weight(" 12 ", "Баллы"), Ok(12));
        assert!(parse_weight("1,5", "Баллы").is_err());
        assert!(parse_weight("1001", "Баллы").is_err());
        assert!(parse_weight("-1", "Баллы").is_err());
    }
}

/// «Баллы рейтинга» as typed: a level's points, a place's share and
/// whether it makes a winner or prize-winner, and the two factors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointsForm {
    /// (level id, name, points)
    pub levels: Vec<(Id, String, String)>,
    /// (place id, name, percent, prize)
    pub places: Vec<(Id, String, String, bool)>,
    pub remote_percent: String,
    pub team_percent: String,
}

impl PointsForm {
    /// The table as it is now (defaults shown as numbers).
    pub fn from_portfolio(p: &Portfolio) -> PointsForm {
        let c = &p.catalogues;
        let f = p.school.as_ref().map(|s| s.rating).unwrap_or_default();
        PointsForm {
            levels: c
                .list(CatalogueKind::EventLevels)
                .iter()
                .map(|e| {
                    (
                        e.id.clone(),
                        e.name.clone(),
                        level_points(c, &e.id).to_string(),
                    )
                })
                .collect(),
            places: c
                .list(CatalogueKind::PrizePlaces)
                .iter()
                .map(|e| {
                    let pct = place_percent(c, &e.id).to_string();
                    (e.id.clone(), e.name.clone(), pct, is_prize(c, &e.id))
                })
                .collect(),
            remote_percent: f.remote_percent.to_string(),
            team_percent: f.team_percent.to_string(),
        }
    }

    /// Checks every value and writes what changed into `p`; gives the keys
    /// to store. Field keys of errors: `w-<id>`, `remote`, `team`.
    pub fn apply(
        &self,
        p: &mut Portfolio,
        rev: &crate::util::id::Revision,
    ) -> Result<Vec<crate::stored::Key>, crate::util::validation::FieldErrors> {
        use crate::stored::Key;
        let mut e = crate::util::validation::FieldErrors::default();
        let mut check = |key: String, what: &str, text: &str| match parse_weight(text, what) {
            Ok(n) => Some(n),
            Err(m) => {
                e.push(key, m);
                None
            }
        };
        let levels: Vec<(Id, Option<u32>)> = self
            .levels
            .iter()
            .map(|(id, name, v)| (id.clone(), check(format!("w-{id}"), name, v)))
            .collect();
        let places: Vec<(Id, Option<u32>, bool)> = self
            .places
            .iter()
            .map(|(id, name, v, prize)| (id.clone(), check(format!("w-{id}"), name, v), *prize))
            .collect();
        let remote = check(
            "remote".into(),
            "Дистанционная форма участия",
            &self.remote_percent,
        );
        let team = check("team".into(), "Командное участие", &self.team_percent);
        if !e.is_empty() {
            return Err(e);
        }
        let mut keys = Vec::new();
        let before = PointsForm::from_portfolio(p);
        for (id, w) in levels {
            let w = w.unwrap_or_default();
            if before
                .levels
                .iter()
                .any(|(i, _, v)| i == &id && *v != w.to_string())
            {
                let _ =
                    p.catalogues
                        .set_weight(CatalogueKind::EventLevels, &id, w, None, rev.clone());
                keys.push(Key::Catalogues);
            }
        }
        for (id, w, prize) in places {
            let w = w.unwrap_or_default();
            let changed = before
                .places
                .iter()
                .any(|(i, _, v, pr)| i == &id && (*v != w.to_string() || *pr != prize));
            if changed {
                let _ = p.catalogues.set_weight(
                    CatalogueKind::PrizePlaces,
                    &id,
                    w,
                    Some(prize),
                    rev.clone(),
                );
                keys.push(Key::Catalogues);
            }
        }
        let factors = RatingFactors {
            remote_percent: remote.unwrap_or_default(),
            team_percent: team.unwrap_or_default(),
        };
        if let Some(school) = p.school.as_mut() {
            if school.rating != factors {
                school.rating = factors;
                school.rev = rev.clone();
                keys.push(Key::School);
            }
        }
        keys.dedup();
        Ok(keys)
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::records::school::School;
    use crate::util::id::Revision;

    #[test]
    fn the_points_form_writes_only_what_changed_and_refuses_bad_values() {
        let mut p = Portfolio {
            school: Some(School::parse("Школа", Revision::builtin()).unwrap()),
            ..Default::default()
        };
        let rev = Revision::new(5, "d");
        let f = PointsForm::from_portfolio(&p);
        assert_eq!(f.levels[5].2, "16");
        assert_eq!(f.places[0].2, "100");
        assert!(f.places[2].3 && !f.places[3].3);
        assert_eq!(f.apply(&mut p, &rev).unwrap(), vec![]);
        let mut g = f.clone();
        g.levels[0].2 = "3".into();
        g.places[3].3 = true;
        g.remote_percent = "40".into();
        let keys = g.apply(&mut p, &rev).unwrap();
        assert_eq!(
            keys,
            [crate::stored::Key::Catalogues, crate::stored::Key::School]
        );
        assert_eq!(
            level_points(&p.catalogues, &CatalogueKind::EventLevels.default_id(1)),
            3
        );
        assert!(is_prize(
            &p.catalogues,
            &CatalogueKind::PrizePlaces.default_id(4)
        ));
        assert_eq!(p.school.as_ref().unwrap().rating.remote_percent, 40);
        let mut bad = PointsForm::from_portfolio(&p);
        bad.levels[1].2 = "два".into();
        bad.team_percent = "5000".into();
        let e = bad.apply(&mut p, &rev).unwrap_err();
        assert_eq!(
            e.get("w-levels-2"),
            Some("Муниципальный: укажите целое число от 0 до 1000.")
        );
        assert_eq!(e.get("team"), Some("Командное участие: не больше 1000."));
    }
}
