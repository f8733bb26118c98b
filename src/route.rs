//! Screens addressed by the URL hash (`#/student/…/achievements`), so a reload
//! or the back button brings the same screen back on any static server, under
//! any sub-path, with no rewrite rules.

use portfolio_core::catalogue::CatalogueKind;
use portfolio_core::filter::AchievementFilter;
use portfolio_core::Id;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Class(Id),
    NewStudent(Id),
    Personal(Id),
    Achievements(Id, AchievementFilter),
    NewAchievement(Id),
    EditAchievement(Id, Id),
    /// One document of a student's achievement.
    Document(Id, Id),
    Catalogue(CatalogueKind),
    Years,
    /// «Резервная копия и обмен».
    Exchange,
    /// A file another app shared with Портфолио (Web Share Target; the
    /// service worker keeps it and opens this address).
    Shared,
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
            ["student", s] | ["student", s, "personal"] => id(s).map(Route::Personal),
            ["student", s, "achievements"] => {
                id(s).map(|s| Route::Achievements(s, parse_filter(query)))
            }
            ["student", s, "achievements", "new"] => id(s).map(Route::NewAchievement),
            ["student", s, "achievements", a] => {
                id(s).zip(id(a)).map(|(s, a)| Route::EditAchievement(s, a))
            }
            ["student", s, "document", d] => id(s).zip(id(d)).map(|(s, d)| Route::Document(s, d)),
            ["admin", "catalogues"] => Some(Route::Catalogue(CatalogueKind::AchievementTypes)),
            ["admin", "catalogues", k] => CatalogueKind::from_slug(k).map(Route::Catalogue),
            ["admin", "years"] => Some(Route::Years),
            ["admin", "exchange"] => Some(Route::Exchange),
            ["shared"] => Some(Route::Shared),
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
            Route::Personal(s) => format!("#/student/{s}/personal"),
            Route::Achievements(s, f) => {
                let q = filter_query(f);
                if q.is_empty() {
                    format!("#/student/{s}/achievements")
                } else {
                    format!("#/student/{s}/achievements?{q}")
                }
            }
            Route::NewAchievement(s) => format!("#/student/{s}/achievements/new"),
            Route::EditAchievement(s, a) => format!("#/student/{s}/achievements/{a}"),
            Route::Document(s, d) => format!("#/student/{s}/document/{d}"),
            Route::Catalogue(k) => format!("#/admin/catalogues/{}", k.slug()),
            Route::Years => "#/admin/years".into(),
            Route::Exchange => "#/admin/exchange".into(),
            Route::Shared => "#/shared".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_round_trips() {
        let s = Id("0f8e2c1a-1111-4222-8333-444455556666".into());
        let routes = [
            Route::Home,
            Route::Class(Id("c1".into())),
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
            Route::EditAchievement(s.clone(), Id("a1".into())),
            Route::Document(s.clone(), Id("d1".into())),
            Route::Catalogue(CatalogueKind::Staff),
            Route::Years,
            Route::Exchange,
            Route::Shared,
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
