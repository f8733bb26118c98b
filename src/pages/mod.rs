//! One module per section of the app.

// By the regulation's sections; the start screens beside them.
mod admin;
mod archive;
pub mod chunks;
mod class;
mod family;
mod home;
mod reports;
mod shared;
mod student;

use crate::route::Route;
use crate::ui::lazy::{lazy, loader};
use leptos::prelude::*;

/// The page for a route. Screens other than the start screens and a class
/// load as their own chunk (`chunks.rs`).
pub fn page(route: Route) -> AnyView {
    match route {
        Route::Home => home::HomePage().into_any(),
        Route::Class(id) => view! { <class::ClassPage id=id /> }.into_any(),
        Route::ClassAchievements(id, v) => lazy(loader(move || {
            chunks::class_achievements(id.clone(), v.clone())
        })),
        Route::Achievements(id, filter) => lazy(loader(move || {
            chunks::achievements(id.clone(), filter.clone())
        })),
        Route::NewStudent(class_id) => lazy(loader(move || chunks::new_student(class_id.clone()))),
        Route::Personal(id) => lazy(loader(move || chunks::personal(id.clone()))),
        Route::Rating(id, f) => lazy(loader(move || chunks::rating(id.clone(), f.clone()))),
        Route::Print(id) => lazy(loader(move || chunks::print(id.clone()))),
        Route::NewAchievement(id) => {
            lazy(loader(move || chunks::achievement_form(id.clone(), None)))
        }
        Route::EditAchievement(id, a) => lazy(loader(move || {
            chunks::achievement_form(id.clone(), Some(a.clone()))
        })),
        Route::Document(s, d) => lazy(loader(move || chunks::document(s.clone(), d.clone()))),
        Route::Catalogue(kind) => lazy(loader(move || chunks::catalogue(kind))),
        Route::Points => lazy(loader(chunks::points)),
        Route::Years => lazy(loader(chunks::years)),
        Route::Exchange => lazy(loader(chunks::exchange)),
        Route::Shared => shared::SharedPage().into_any(),
        Route::Rewards(id, y) => lazy(loader(move || chunks::rewards(id.clone(), y))),
        Route::NewReward(id) => lazy(loader(move || chunks::reward_form(id.clone(), None))),
        Route::EditReward(id, r) => lazy(loader(move || {
            chunks::reward_form(id.clone(), Some(r.clone()))
        })),
        Route::Observations(id, y, t) => {
            lazy(loader(move || chunks::observations(id.clone(), y, t)))
        }
        Route::NewObservation(id) => {
            lazy(loader(move || chunks::observation_form(id.clone(), None)))
        }
        Route::EditObservation(id, o) => lazy(loader(move || {
            chunks::observation_form(id.clone(), Some(o.clone()))
        })),
        Route::ClassRewards(id, y) => lazy(loader(move || chunks::class_rewards(id.clone(), y))),
        Route::Archive => lazy(loader(chunks::archive)),
        Route::Reports(v) => lazy(loader(move || chunks::reports(v.clone()))),
        Route::NotFound => view! {
            <h1>"Страница не найдена"</h1>
            <p>"Такого раздела нет. " <a href="#/">"Перейти к списку классов"</a></p>
        }
        .into_any(),
    }
}

/// «Не найдено» for a record that does not exist (deleted, or a stale link).
pub fn missing(what: &str) -> AnyView {
    view! {
        <h1>{format!("{what} не найден")}</h1>
        <p>"Возможно, запись удалена. " <a href="#/">"Перейти к списку классов"</a></p>
    }
    .into_any()
}

/// Options for a catalogue select: (id, name).
pub fn catalogue_options(kind: portfolio_core::CatalogueKind) -> Signal<Vec<(String, String)>> {
    let app = crate::state::use_app();
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
pub fn period_options(year: Signal<Option<i32>>) -> Signal<Vec<(String, String)>> {
    let app = crate::state::use_app();
    Signal::derive(move || {
        let Some(y) = year.get() else {
            return Vec::new();
        };
        app.data.with(|p| {
            portfolio_core::filter::year_or_default(&p.years, y)
                .periods
                .iter()
                .map(|per| (per.id.0.clone(), per.name.clone()))
                .collect()
        })
    })
}
