//! What many screens share: «не найден» for a record that is gone, and the
//! options of the selects that offer catalogue entries, periods and school
//! years.

use crate::state::use_app;
use leptos::prelude::*;
use portfolio_core::records::filter::year_or_default;
use portfolio_core::records::school_year::{year_label, year_of};
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Portfolio};

/// A select's options: (value, label), following the data.
pub type Options = Signal<Vec<(String, String)>>;

/// «Не найдено» for a record that does not exist (deleted, or a stale link).
pub fn missing(what: &str) -> AnyView {
    view! {
        <h1>{format!("{what} не найден")}</h1>
        <p>"Возможно, запись удалена. " <a href="#/">"Перейти к списку классов"</a></p>
    }
    .into_any()
}

/// Options for a catalogue select: (id, name).
pub fn catalogue_options(kind: CatalogueKind) -> Options {
    let app = use_app();
    Signal::derive(move || {
        app.data.with(|p| {
            p.catalogues
                .list(kind)
                .iter()
                .map(|e| (e.id.0.clone(), e.name.clone()))
                .collect()
        })
    })
}

/// The periods of a school year as select options: (id, name); none
/// without a year.
pub fn period_options(year: Signal<Option<i32>>) -> Options {
    let app = use_app();
    Signal::derive(move || {
        let Some(y) = year.get() else {
            return Vec::new();
        };
        app.data.with(|p| {
            year_or_default(&p.years, y)
                .periods
                .iter()
                .map(|per| (per.id.0.clone(), per.name.clone()))
                .collect()
        })
    })
}

/// Years as select options, newest first, each once: («2026», «2026/2027»).
pub fn labelled_years(years: Vec<i32>) -> Vec<(String, String)> {
    // A handful of years: kept in order as they come (no sort in the wasm).
    let mut newest_first: Vec<i32> = Vec::with_capacity(years.len());
    for y in years {
        if let Err(i) = newest_first.binary_search_by(|x| y.cmp(x)) {
            newest_first.insert(i, y);
        }
    }
    newest_first
        .into_iter()
        .map(|y| (y.to_string(), year_label(y)))
        .collect()
}

/// School years to choose from, as `pick` finds them in the portfolio
/// (given the current school year), following the data.
pub fn year_options(pick: impl Fn(&Portfolio, i32) -> Vec<i32> + Send + Sync + 'static) -> Options {
    let app = use_app();
    Signal::derive(move || {
        let this = year_of(app.ctx().today());
        labelled_years(app.data.with(|p| pick(p, this)))
    })
}

/// The configured school years with `more`.
pub fn configured_and(p: &Portfolio, more: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut years: Vec<i32> = p.years.iter().map(|y| y.start_year).collect();
    years.extend(more);
    years
}
