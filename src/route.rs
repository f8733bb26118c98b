//! Screens addressed by the URL hash (`#/student/…/achievements`), so a reload
//! or the back button brings the same screen back on any static server, under
//! any sub-path, with no rewrite rules.

use portfolio_core::assessment::report::SortBy;
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::filter::AchievementFilter;
use portfolio_core::records::observation::Tag;
use portfolio_core::Id;

/// How the class «Достижения» table is shown: its filter and its order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableView {
    pub filter: AchievementFilter,
    pub sort: SortBy,
    pub descending: bool,
}

/// What «Отчёты» show: the class (none: the school), the span, and the
/// lowest level of the bank of gifted children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportView {
    pub class: Option<Id>,
    pub filter: AchievementFilter,
    pub min_level: Option<Id>,
}

impl Default for TableView {
    fn default() -> Self {
        TableView {
            filter: AchievementFilter::default(),
            sort: SortBy::Name,
            descending: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Class(Id),
    /// The class page, section «Достижения» (П1 §1.9, §5.4).
    ClassAchievements(Id, TableView),
    NewStudent(Id),
    Personal(Id),
    Achievements(Id, AchievementFilter),
    /// A student's «Рейтинг и динамика» for a year or period.
    Rating(Id, AchievementFilter),
    /// The printable portfolio of a student.
    Print(Id),
    NewAchievement(Id),
    EditAchievement(Id, Id),
    /// «Предложить исправление» of a school's achievement, on a family's device.
    ProposeCorrection(Id, Id),
    /// One document of a student's achievement.
    Document(Id, Id),
    Catalogue(CatalogueKind),
    /// «Справочники → Баллы рейтинга».
    Points,
    Years,
    /// «Резервная копия и обмен».
    Exchange,
    /// «Отчёты» for the deputy director (П1 §1.11, §2.4).
    Reports(ReportView),
    /// A file another app shared with Портфолио (Web Share Target; the
    /// service worker keeps it and opens this address).
    Shared,
    /// A student's «Поощрения», of a school year or all.
    Rewards(Id, Option<i32>),
    NewReward(Id),
    EditReward(Id, Id),
    /// A student's «Личностные и метапредметные результаты», by year and tag.
    Observations(Id, Option<i32>, Option<Tag>),
    NewObservation(Id),
    EditObservation(Id, Id),
    /// The class page, section «Поощрения» of a school year.
    ClassRewards(Id, Option<i32>),
    /// The archive of a school year opened for reading.
    Archive,
    NotFound,
}

fn id(s: &str) -> Option<Id> {
    (!s.is_empty()).then(|| Id(decode(s)))
}

/// Ids are UUIDs or slugs, but decode %XX anyway in case a browser encoded.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let parsed = match parts.as_slice() {
            [] => Some(Route::Home),
            ["class", c] => id(c).map(Route::Class),
            ["class", c, "new-student"] => id(c).map(Route::NewStudent),
            ["class", c, "achievements"] => {
                id(c).map(|c| Route::ClassAchievements(c, parse_table(query)))
            }
            ["student", s] | ["student", s, "personal"] => id(s).map(Route::Personal),
            ["student", s, "achievements"] => {
                id(s).map(|s| Route::Achievements(s, parse_filter(query)))
            }
            ["student", s, "achievements", "new"] => id(s).map(Route::NewAchievement),
            ["student", s, "rating"] => id(s).map(|s| Route::Rating(s, parse_filter(query))),
            ["student", s, "print"] => id(s).map(Route::Print),
            ["student", s, "achievements", a] => {
                id(s).zip(id(a)).map(|(s, a)| Route::EditAchievement(s, a))
            }
            ["student", s, "achievements", a, "propose"] => id(s)
                .zip(id(a))
                .map(|(s, a)| Route::ProposeCorrection(s, a)),
            ["student", s, "document", d] => id(s).zip(id(d)).map(|(s, d)| Route::Document(s, d)),
            ["admin", "catalogues"] => Some(Route::Catalogue(CatalogueKind::AchievementTypes)),
            ["admin", "catalogues", "points"] => Some(Route::Points),
            ["admin", "catalogues", k] => CatalogueKind::from_slug(k).map(Route::Catalogue),
            ["admin", "years"] => Some(Route::Years),
            ["admin", "exchange"] => Some(Route::Exchange),
            ["shared"] => Some(Route::Shared),
            ["archive"] => Some(Route::Archive),
            ["class", c, "rewards"] => id(c).map(|c| Route::ClassRewards(c, query_year(query))),
            ["student", s, "rewards"] => id(s).map(|s| Route::Rewards(s, query_year(query))),
            ["student", s, "rewards", "new"] => id(s).map(Route::NewReward),
            ["student", s, "rewards", r] => id(s).zip(id(r)).map(|(s, r)| Route::EditReward(s, r)),
            ["student", s, "observations"] => id(s).map(|s| {
                let tag = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("tag="))
                    .and_then(Tag::from_slug);
                Route::Observations(s, query_year(query), tag)
            }),
            ["student", s, "observations", "new"] => id(s).map(Route::NewObservation),
            ["student", s, "observations", o] => {
                id(s).zip(id(o)).map(|(s, o)| Route::EditObservation(s, o))
            }
            ["reports"] => Some(Route::Reports(parse_reports(query))),
            _ => None,
        };
        parsed.unwrap_or(Route::NotFound)
    }

    /// The hash for this screen, starting with `#/`.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "#/".into(),
            Route::Class(c) => format!("#/class/{c}"),
            Route::NewStudent(c) => format!("#/class/{c}/new-student"),
            Route::ClassAchievements(c, v) => {
                with_query(format!("#/class/{c}/achievements"), table_query(v))
            }
            Route::Personal(s) => format!("#/student/{s}/personal"),
            Route::Achievements(s, f) => {
                with_query(format!("#/student/{s}/achievements"), filter_query(f))
            }
            Route::NewAchievement(s) => format!("#/student/{s}/achievements/new"),
            Route::Rating(s, f) => with_query(format!("#/student/{s}/rating"), filter_query(f)),
            Route::Print(s) => format!("#/student/{s}/print"),
            Route::EditAchievement(s, a) => format!("#/student/{s}/achievements/{a}"),
            Route::ProposeCorrection(s, a) => format!("#/student/{s}/achievements/{a}/propose"),
            Route::Document(s, d) => format!("#/student/{s}/document/{d}"),
            Route::Catalogue(k) => format!("#/admin/catalogues/{}", k.slug()),
            Route::Points => "#/admin/catalogues/points".into(),
            Route::Years => "#/admin/years".into(),
            Route::Exchange => "#/admin/exchange".into(),
            Route::Shared => "#/shared".into(),
            Route::Archive => "#/archive".into(),
            Route::ClassRewards(c, y) => with_query(format!("#/class/{c}/rewards"), year_query(*y)),
            Route::Rewards(s, y) => with_query(format!("#/student/{s}/rewards"), year_query(*y)),
            Route::NewReward(s) => format!("#/student/{s}/rewards/new"),
            Route::EditReward(s, r) => format!("#/student/{s}/rewards/{r}"),
            Route::Observations(s, y, t) => {
                let mut q = year_query(*y);
                if let Some(t) = t {
                    if !q.is_empty() {
                        q.push('&');
                    }
                    q.push_str(&format!("tag={}", t.slug()));
                }
                with_query(format!("#/student/{s}/observations"), q)
            }
            Route::NewObservation(s) => format!("#/student/{s}/observations/new"),
            Route::EditObservation(s, o) => format!("#/student/{s}/observations/{o}"),
            Route::Reports(v) => with_query("#/reports".into(), reports_query(v)),
        }
    }
}

fn parse_filter(query: &str) -> AchievementFilter {
    let mut f = AchievementFilter::default();
    for pair in query.split('&') {
        let Some((k, v)) = pair.split_once('=') else {
            continue;
        };
        match k {
            "type" => f.type_id = id(v),
            "year" => f.year = v.parse().ok(),
            "period" => f.period_id = id(v),
            _ => {}
        }
    }
    if f.year.is_none() {
        f.period_id = None;
    }
    f
}

fn query_year(query: &str) -> Option<i32> {
    query
        .split('&')
        .find_map(|p| p.strip_prefix("year="))
        .and_then(|y| y.parse().ok())
}

fn year_query(year: Option<i32>) -> String {
    year.map(|y| format!("year={y}")).unwrap_or_default()
}

fn with_query(path: String, q: String) -> String {
    if q.is_empty() {
        path
    } else {
        format!("{path}?{q}")
    }
}

fn parse_table(query: &str) -> TableView {
    let mut v = TableView {
        filter: parse_filter(query),
        ..Default::default()
    };
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sort", s)) => v.sort = SortBy::parse(s).unwrap_or(SortBy::Name),
            Some(("desc", "1")) => v.descending = true,
            _ => {}
        }
    }
    v
}

fn parse_reports(query: &str) -> ReportView {
    let mut v = ReportView {
        filter: parse_filter(query),
        ..Default::default()
    };
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("class", c)) => v.class = id(c),
            Some(("level", l)) => v.min_level = id(l),
            _ => {}
        }
    }
    v
}

fn reports_query(v: &ReportView) -> String {
    let mut q = Vec::new();
    if let Some(c) = &v.class {
        q.push(format!("class={c}"));
    }
    let f = filter_query(&v.filter);
    if !f.is_empty() {
        q.push(f);
    }
    if let Some(l) = &v.min_level {
        q.push(format!("level={l}"));
    }
    q.join("&")
}

fn table_query(v: &TableView) -> String {
    let mut q = filter_query(&v.filter);
    if v.sort != SortBy::Name || v.descending {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("sort={}", v.sort.key()));
        if v.descending {
            q.push_str("&desc=1");
        }
    }
    q
}

fn filter_query(f: &AchievementFilter) -> String {
    let mut q = Vec::new();
    if let Some(t) = &f.type_id {
        q.push(format!("type={t}"));
    }
    if let Some(y) = f.year {
        q.push(format!("year={y}"));
        if let Some(p) = &f.period_id {
            q.push(format!("period={p}"));
        }
    }
    q.join("&")
}

// ---- the browser's address ------------------------------------------------

pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to a screen, adding a history entry (the back button returns).
pub fn navigate(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Changes the address without a history entry (filters).
pub fn replace(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(&route.href());
    }
}

/// Changes the address without a history entry and without a `hashchange`:
/// the screen keeps its state (a table's order, its filter), and a reload
/// or a saved link brings the same view back.
pub fn replace_quietly(route: &Route) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.href()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_round_trips() {
        let s = Id("0f8e2c1a-1111-4222-8333-444455556666".into());
        let routes = [
            Route::Home,
            Route::Class(Id("c1".into())),
            Route::ClassAchievements(Id("c1".into()), TableView::default()),
            Route::ClassAchievements(
                Id("c1".into()),
                TableView {
                    filter: AchievementFilter {
                        type_id: None,
                        year: Some(2026),
                        period_id: Some(Id("2026-q1".into())),
                    },
                    sort: SortBy::Type(2),
                    descending: true,
                },
            ),
            Route::NewStudent(Id("c1".into())),
            Route::Personal(s.clone()),
            Route::Achievements(s.clone(), AchievementFilter::default()),
            Route::Achievements(
                s.clone(),
                AchievementFilter {
                    type_id: Some(Id("types-1".into())),
                    year: Some(2025),
                    period_id: Some(Id("2025-q2".into())),
                },
            ),
            Route::NewAchievement(s.clone()),
            Route::Rating(s.clone(), AchievementFilter::default()),
            Route::Print(s.clone()),
            Route::EditAchievement(s.clone(), Id("a1".into())),
            Route::ProposeCorrection(s.clone(), Id("a1".into())),
            Route::Document(s.clone(), Id("d1".into())),
            Route::Catalogue(CatalogueKind::Staff),
            Route::Points,
            Route::Years,
            Route::Exchange,
            Route::Shared,
            Route::Archive,
            Route::ClassRewards(Id("c1".into()), Some(2025)),
            Route::ClassRewards(Id("c1".into()), None),
            Route::Rewards(s.clone(), None),
            Route::Rewards(s.clone(), Some(2026)),
            Route::NewReward(s.clone()),
            Route::EditReward(s.clone(), Id("r1".into())),
            Route::Observations(s.clone(), None, None),
            Route::Observations(s.clone(), Some(2026), Some(Tag::Communicative)),
            Route::Observations(s.clone(), None, Some(Tag::Personal)),
            Route::NewObservation(s.clone()),
            Route::EditObservation(s.clone(), Id("o1".into())),
            Route::Reports(ReportView::default()),
            Route::Reports(ReportView {
                class: Some(Id("c1".into())),
                filter: AchievementFilter {
                    type_id: None,
                    year: Some(2026),
                    period_id: Some(Id("2026-q2".into())),
                },
                min_level: Some(Id("levels-3".into())),
            }),
        ];
        for r in routes {
            assert_eq!(Route::parse(&r.href()), r, "{}", r.href());
        }
    }

    #[test]
    fn tolerant_parsing() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/student/x"), Route::Personal(Id("x".into())));
        assert_eq!(
            Route::parse("#/admin/catalogues"),
            Route::Catalogue(CatalogueKind::AchievementTypes)
        );
        assert_eq!(Route::parse("#/admin/catalogues/zzz"), Route::NotFound);
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound);
        assert_eq!(Route::parse("#/class/%D0%90"), Route::Class(Id("А".into())));
        // a period without a year means nothing
        assert_eq!(
            Route::parse("#/student/x/achievements?period=p&junk"),
            Route::Achievements(Id("x".into()), AchievementFilter::default())
        );
    }
}
