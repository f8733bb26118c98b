//! One module per section of the app.

mod achievement_form;
mod achievements;
mod catalogues;
mod class;
mod documents;
mod exchange;
mod family;
mod home;
mod settings;
mod student;
mod student_form;

use crate::route::Route;
use leptos::prelude::*;

/// The page for a route.
pub fn page(route: Route) -> AnyView {
    match route {
        Route::Home => home::HomePage().into_any(),
        Route::Class(id) => view! { <class::ClassPage id=id /> }.into_any(),
        Route::NewStudent(class_id) => {
            view! { <student::NewStudentPage class_id=class_id /> }.into_any()
        }
        Route::Personal(id) => view! { <student::PersonalPage id=id /> }.into_any(),
        Route::Achievements(id, filter) => {
            view! { <achievements::AchievementsPage id=id filter=filter /> }.into_any()
        }
        Route::NewAchievement(id) => {
            view! { <achievement_form::AchievementPage student_id=id achievement_id=None /> }
                .into_any()
        }
        Route::EditAchievement(id, a) => {
            view! { <achievement_form::AchievementPage student_id=id achievement_id=Some(a) /> }
                .into_any()
        }
        Route::Document(s, d) => {
            view! { <documents::DocumentPage student_id=s doc_id=d /> }.into_any()
        }
        Route::Catalogue(kind) => view! { <catalogues::CataloguePage kind=kind /> }.into_any(),
        Route::Years => settings::SettingsPage().into_any(),
        Route::Exchange => exchange::ExchangePage().into_any(),
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

/// The top of every «Администрирование» screen (П1 §5.1): its heading and
/// the links to its blocks.
#[component]
pub fn AdminHeader(
    /// 0: Справочники, 1: Школа и учебные годы, 2: Резервная копия и обмен.
    current: u8,
) -> impl IntoView {
    let here = move |n: u8| (n == current).then_some("page");
    view! {
        <h1>"Администрирование"</h1>
        <nav class="tabs wrap" aria-label="Администрирование">
            <a href="#/admin/catalogues" aria-current=here(0)>"Справочники"</a>
            <a href="#/admin/years" aria-current=here(1)>"Школа и учебные годы"</a>
            <a href="#/admin/exchange" aria-current=here(2)>"Резервная копия и обмен"</a>
        </nav>
    }
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
