//! Which screen each address shows, and which screens load as their own
//! wasm chunk (see `ui::lazy`): each `#[wasm_split(<chunk>, …)]` function
//! builds a screen, and everything only that chunk's screens use — their
//! forms, file handling, export, import, merge and encryption — goes into
//! the chunk with it. Screens a user opens together share a chunk (a
//! student's tabs; an achievement and its documents; the class table,
//! reports and print; administration): fewer, larger files load in fewer
//! round trips on a slow link than many small ones, and the splitter makes
//! a shared file for each combination of chunks that use a function, so
//! fewer chunks also mean far fewer files.
//! What stays in the first download: the frame, the start screens
//! (teacher's classes, a family's children, the first set-up), a class,
//! and reading «meta» — not the decoding of students' records
//! (`state/records.rs`, loaded after the first screen).

use crate::pages;
use crate::route::{ReportView, Route, TableView};
use crate::ui::lazy::{lazy, lazy_part, loader, Loaded};
use leptos::prelude::*;
use portfolio_core::records::catalogue::CatalogueKind;
use portfolio_core::records::filter::AchievementFilter;
use portfolio_core::records::observation::Tag;
use portfolio_core::Id;
use wasm_split_helpers::wasm_split;

/// The screen of an address.
pub fn screen(route: Route) -> AnyView {
    match route {
        Route::Home => {
            view! { <pages::start::home::HomePage family_files=family_files_part /> }.into_any()
        }
        Route::Class(id) => view! { <pages::class::ClassPage id=id /> }.into_any(),
        Route::ClassAchievements(id, v) => {
            lazy(loader(move || class_achievements(id.clone(), v.clone())))
        }
        Route::Achievements(id, f) => lazy(loader(move || achievements(id.clone(), f.clone()))),
        Route::NewStudent(class_id) => lazy(loader(move || new_student(class_id.clone()))),
        Route::Personal(id) => lazy(loader(move || personal(id.clone()))),
        Route::Rating(id, f) => lazy(loader(move || rating(id.clone(), f.clone()))),
        Route::Print(id) => lazy(loader(move || print(id.clone()))),
        Route::NewAchievement(id) => lazy(loader(move || achievement_form(id.clone(), None))),
        Route::EditAchievement(id, a) => lazy(loader(move || {
            achievement_form(id.clone(), Some(a.clone()))
        })),
        Route::ProposeCorrection(id, a) => lazy(loader(move || propose(id.clone(), a.clone()))),
        Route::Document(s, d) => lazy(loader(move || document(s.clone(), d.clone()))),
        Route::Catalogue(kind) => lazy(loader(move || catalogue(kind))),
        Route::Points => lazy(loader(points)),
        Route::Years => lazy(loader(years)),
        Route::Exchange => lazy(loader(exchange)),
        Route::Shared => pages::start::shared::SharedPage().into_any(),
        Route::Rewards(id, y) => lazy(loader(move || rewards(id.clone(), y))),
        Route::NewReward(id) => lazy(loader(move || reward_form(id.clone(), None))),
        Route::EditReward(id, r) => lazy(loader(move || reward_form(id.clone(), Some(r.clone())))),
        Route::Observations(id, y, t) => lazy(loader(move || observations(id.clone(), y, t))),
        Route::NewObservation(id) => lazy(loader(move || observation_form(id.clone(), None))),
        Route::EditObservation(id, o) => lazy(loader(move || {
            observation_form(id.clone(), Some(o.clone()))
        })),
        Route::ClassRewards(id, y) => lazy(loader(move || class_rewards(id.clone(), y))),
        Route::Archive => lazy(loader(archive)),
        Route::Reports(v) => lazy(loader(move || reports(v.clone()))),
        Route::NotFound => view! {
            <h1>"Страница не найдена"</h1>
            <p>"Такого раздела нет. " <a href="#/">"Перейти к списку классов"</a></p>
        }
        .into_any(),
    }
}

/// The family's files with the teacher, on their start screen: a chunk of
/// their own (export, import, merge and encryption are not needed to show
/// the children).
fn family_files_part() -> AnyView {
    lazy_part(loader(family_files))
}

/// A student's «Достижения»: the filtered list with its documents.
#[wasm_split(student, fallible, preload(preload_student))]
pub fn achievements(student_id: Id, filter: AchievementFilter) -> Loaded {
    Ok(
        view! { <pages::student::achievements::AchievementsPage id=student_id filter=filter /> }
            .into_any(),
    )
}

/// «Личные данные» of a student (the long form, «Завершение обучения»).
#[wasm_split(student, fallible)]
pub fn personal(id: Id) -> Loaded {
    Ok(view! { <pages::student::PersonalPage id=id /> }.into_any())
}

/// «Новый ученик».
#[wasm_split(student, fallible)]
pub fn new_student(class_id: Id) -> Loaded {
    Ok(view! { <pages::student::NewStudentPage class_id=class_id /> }.into_any())
}

/// «Новое достижение» and «Изменить достижение», with documents.
#[wasm_split(achievement, fallible, preload(preload_achievement))]
pub fn achievement_form(student_id: Id, achievement_id: Option<Id>) -> Loaded {
    Ok(view! {
        <pages::student::achievement_form::AchievementPage student_id=student_id achievement_id=achievement_id />
    }
    .into_any())
}

/// The class page, section «Достижения».
#[wasm_split(assessment, fallible)]
pub fn class_achievements(class_id: Id, view: TableView) -> Loaded {
    Ok(
        view! { <pages::class::achievements::ClassAchievementsPage id=class_id view=view /> }
            .into_any(),
    )
}

/// «Отчёты».
#[wasm_split(assessment, fallible)]
pub fn reports(view: ReportView) -> Loaded {
    Ok(view! { <pages::reports::ReportsPage view=view /> }.into_any())
}

/// A student's «Рейтинг» tab.
#[wasm_split(student, fallible)]
pub fn rating(student_id: Id, filter: AchievementFilter) -> Loaded {
    Ok(view! { <pages::student::rating::RatingPage id=student_id filter=filter /> }.into_any())
}

/// The printable portfolio of a student.
#[wasm_split(assessment, fallible)]
pub fn print(student_id: Id) -> Loaded {
    Ok(view! { <pages::student::print::PrintPage id=student_id /> }.into_any())
}

/// «Предложить исправление» of the school's achievement (a family's device).
#[wasm_split(achievement, fallible)]
pub fn propose(student_id: Id, achievement_id: Id) -> Loaded {
    Ok(view! {
        <pages::student::achievement_form::ProposePage student_id=student_id achievement_id=achievement_id />
    }
    .into_any())
}

/// One confirming document.
#[wasm_split(achievement, fallible)]
pub fn document(student_id: Id, doc_id: Id) -> Loaded {
    Ok(
        view! { <pages::student::documents::DocumentPage student_id=student_id doc_id=doc_id /> }
            .into_any(),
    )
}

/// «Администрирование → Справочники».
#[wasm_split(admin, fallible)]
pub fn catalogue(kind: CatalogueKind) -> Loaded {
    Ok(view! { <pages::admin::catalogues::CataloguePage kind=kind /> }.into_any())
}

/// «Справочники → Баллы рейтинга».
#[wasm_split(admin, fallible)]
pub fn points() -> Loaded {
    Ok(pages::admin::points::PointsPage().into_any())
}

/// «Администрирование → Школа и учебные годы».
#[wasm_split(admin, fallible)]
pub fn years() -> Loaded {
    Ok(pages::admin::settings::SettingsPage().into_any())
}

/// «Администрирование → Резервная копия и обмен».
#[wasm_split(exchange, fallible)]
pub fn exchange() -> Loaded {
    Ok(pages::admin::exchange::ExchangePage().into_any())
}

/// A family's files: «Отправить учителю» and «Файл от учителя».
#[wasm_split(family_files, fallible, preload(preload_family_files))]
pub fn family_files() -> Loaded {
    Ok(pages::start::family_files::FamilyFiles().into_any())
}

/// A student's «Поощрения».
#[wasm_split(records, fallible)]
pub fn rewards(student_id: Id, year: Option<i32>) -> Loaded {
    Ok(view! { <pages::student::rewards::RewardsPage id=student_id year=year /> }.into_any())
}

/// «Новое поощрение» and «Изменить поощрение», with documents.
#[wasm_split(records, fallible)]
pub fn reward_form(student_id: Id, reward_id: Option<Id>) -> Loaded {
    Ok(
        view! { <pages::student::rewards::RewardPage student_id=student_id reward_id=reward_id /> }
            .into_any(),
    )
}

/// A student's «Личностные и метапредметные результаты».
#[wasm_split(records, fallible)]
pub fn observations(student_id: Id, year: Option<i32>, tag: Option<Tag>) -> Loaded {
    Ok(view! { <pages::student::observations::ObservationsPage id=student_id year=year tag=tag /> }.into_any())
}

/// «Новое наблюдение» and «Изменить наблюдение».
#[wasm_split(records, fallible)]
pub fn observation_form(student_id: Id, observation_id: Option<Id>) -> Loaded {
    Ok(view! { <pages::student::observations::ObservationPage student_id=student_id observation_id=observation_id /> }.into_any())
}

/// The class page, section «Поощрения».
#[wasm_split(records, fallible)]
pub fn class_rewards(class_id: Id, year: Option<i32>) -> Loaded {
    Ok(view! { <pages::class::rewards::ClassRewardsPage id=class_id year=year /> }.into_any())
}

/// The archive of a school year, read-only.
#[wasm_split(archive, fallible)]
pub fn archive() -> Loaded {
    Ok(pages::archive::ArchivePage().into_any())
}

/// Loads the chunks of the screens a user opens next from the start — a
/// student's tabs and an achievement with its documents — while the user
/// reads the first screen, so they open at once. Every other chunk is
/// stored for offline use by the service worker all the same and loads from
/// there when first opened («Загрузка раздела…» for a moment). It is
/// background work: it starts once the first screen has settled, one part
/// at a time with a pause between — loading every part at once kept a slow
/// phone from answering for most of a second, at every start. A chunk that
/// fails now is tried again when it is opened.
pub async fn prefetch(parent: bool) {
    use crate::browser::device::pause;
    const SETTLE: i32 = 3_000;
    const BETWEEN: i32 = 150;
    pause(SETTLE, false).await;
    let _ = preload_student().await;
    pause(BETWEEN, false).await;
    if parent {
        let _ = preload_family_files().await;
    } else {
        let _ = preload_achievement().await;
    }
}
