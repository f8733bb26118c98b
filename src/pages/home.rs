//! The start screen: first-run set-up of the school, then the classes of the
//! chosen school year and a form to add a class.

use crate::browser::shell::Offline;
use crate::route::Route;
use crate::state::use_app;
use crate::ui::notice::use_notice;
use crate::ui::{FormState, Notice, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::id::Context;
use portfolio_core::school_year::{year_label, year_of};
use portfolio_core::stored::Key;
use portfolio_core::text::plural;
use portfolio_core::{School, SchoolYear};

#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    // A memo, so the page is rebuilt only when the school appears, not on every save.
    let has_school = Memo::new(move |_| app.data.with(|p| p.school.is_some()));
    move || {
        if app.parent.get() {
            crate::pages::family::FamilyHome().into_any()
        } else if !has_school.get() {
            view! { <SetupForm /> }.into_any()
        } else {
            view! { <ClassesView /> }.into_any()
        }
    }
}

/// School years to choose from: the configured ones and the current one ± 1.
pub fn year_options() -> Signal<Vec<(String, String)>> {
    let app = use_app();
    Signal::derive(move || {
        let this = year_of(app.ctx().today());
        let mut years: Vec<i32> = app
            .data
            .with(|p| p.years.iter().map(|y| y.start_year).collect());
        years.extend([this - 1, this, this + 1]);
        labelled_years(years)
    })
}

/// Years as select options, newest first, each once: («2026», «2026/2027»).
pub fn labelled_years(mut years: Vec<i32>) -> Vec<(String, String)> {
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .rev()
        .map(|y| (y.to_string(), year_label(y)))
        .collect()
}

#[component]
fn SetupForm() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let year = RwSignal::new(app.year.get_untracked().to_string());
    let state = FormState::new();
    // The form gives way to the class list on success: say so on the page.
    let page_notice = use_notice();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        let start: i32 = year
            .get_untracked()
            .parse()
            .unwrap_or_else(|_| app.year.get_untracked());
        spawn_local(async move {
            let result = app
                .apply(|p, ctx| {
                    let school = School::parse(&name.get_untracked(), ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    p.school = Some(school);
                    if p.year(start).is_none() {
                        p.years.push(SchoolYear::with_quarters(start));
                    }
                    Ok(((), vec![Key::School, Key::Years, Key::Catalogues]))
                })
                .await;
            if result.is_ok() {
                app.set_year(start);
                // There is now something to keep: ask the browser to keep it.
                spawn_local(app.check_storage(true));
                page_notice.set(Some(Notice::Ok(
                    "Школа сохранена. Теперь добавьте класс.".into(),
                )));
            }
            state.end(result.map(|_| None));
        });
    };
    view! {
        <h1>"Начало работы"</h1>
        <p>"Укажите школу и учебный год. Данные хранятся только на этом устройстве."</p>
        <form on:submit=submit novalidate>
            <TextField id="school-name" label="Название школы" required=true value=name on_input=move |v| name.set(v) error=state.error("school_name") />
            <SelectField id="setup-year" label="Учебный год" options=year_options() value=year on_change=move |v| year.set(v) />
            <NoticeView notice=state.notice />
            <button type="submit" class="primary" disabled=state.busy>"Начать работу"</button>
        </form>
        <RoleSwitch to_parent=true />
    }
}

/// The switch between a teacher's device and a family's (a per-device
/// setting, see `AppState::set_parent`).
#[component]
pub(crate) fn RoleSwitch(
    /// Which role the button chooses.
    to_parent: bool,
) -> impl IntoView {
    let app = use_app();
    let (title, hint, button) = if to_parent {
        (
            "Вы родитель?",
            "Учитель передаст файл с портфолио вашего ребёнка. Школу настраивать не нужно: откройте файл, и портфолио появится на этом телефоне.",
            "Я родитель",
        )
    } else {
        (
            "Это устройство учителя?",
            "Учитель ведёт на устройстве весь класс и настраивает справочники.",
            "Я учитель",
        )
    };
    view! {
        <section aria-labelledby="role-title">
            <h2 id="role-title">{title}</h2>
            <p class="hint">{hint}</p>
            <button type="button" on:click=move |_| app.set_parent(to_parent)>{button}</button>
        </section>
    }
}

#[component]
fn ClassesView() -> impl IntoView {
    let app = use_app();
    let classes = move || {
        app.data.with(|p| {
            p.classes_of_year(app.year.get())
                .into_iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.name.clone(),
                        p.students_of_class(&c.id).len(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h1>"Классы"</h1>
        <p class="muted">{move || app.data.with(|p| p.school.as_ref().map(|s| s.name.clone()))}</p>
        <BackupReminder />
        <SelectField
            id="year"
            label="Учебный год"
            options=year_options()
            value=Signal::derive(move || app.year.get().to_string())
            on_change=move |v: String| {
                if let Ok(y) = v.parse() {
                    app.set_year(y)
                }
            }
        />
        {move || {
            let last = app.last_class();
            app.data.with(|p| {
                last.and_then(|id| p.class(&id).filter(|c| c.year == app.year.get()).map(|c| (c.id.clone(), c.name.clone())))
            })
            .map(|(id, name)| view! {
                <p><a class="button" href=Route::Class(id).href()>{format!("Продолжить: класс {name}")}</a></p>
            })
        }}
        {move || {
            let list = classes();
            if list.is_empty() {
                view! { <p class="empty">"В этом учебном году классов пока нет."</p> }.into_any()
            } else {
                view! {
                    <ul class="cards" aria-label="Классы">
                        {list
                            .into_iter()
                            .map(|(id, name, n)| {
                                view! {
                                    <li>
                                        <a class="card-link" href=Route::Class(id).href()>
                                            <span class="card-title">{name}</span>
                                            <span class="muted">{format!("{n} {}", plural(n, "ученик", "ученика", "учеников"))}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        }}
        <crate::pages::class::ClassFormView existing=None />
        <StorageSection />
    }
}

/// «Последняя резервная копия: N дней назад», a reminder after 7 days.
#[component]
fn BackupReminder() -> impl IntoView {
    let app = use_app();
    let (text, due) = portfolio_core::exchange::backup_status(app.last_backup(), app.ctx().now());
    view! {
        <p class=if due { "backup due" } else { "backup" }>
            {text} " " <a href=Route::Exchange.href()>"Резервная копия и обмен"</a>
        </p>
    }
}

/// «Место на устройстве»: how much the portfolio takes, how much the
/// browser allows, and whether the browser promised to keep the data.
#[component]
pub(crate) fn StorageSection() -> impl IntoView {
    let app = use_app();
    let shell = expect_context::<crate::browser::shell::ShellState>();
    let asking = RwSignal::new(false);
    let ask = move |_| {
        asking.set(true);
        spawn_local(async move {
            app.check_storage(true).await;
            asking.try_set(false);
        });
    };
    view! {
        <section class="storage" aria-labelledby="storage-title">
            <h2 id="storage-title">"Место на устройстве"</h2>
            <p>{move || match app.space.get() {
                Some(u) => u.describe(),
                None => "Браузер не сообщает, сколько места занято.".to_string(),
            }}</p>
            {move || match app.persisted.get() {
                Some(true) => view! {
                    <p class="ok-text">"Браузер обещал хранить данные портфолио и не удалять их при нехватке места."</p>
                }.into_any(),
                _ => view! {
                    <p class="hint">"Браузер не обещал хранить данные постоянно: при нехватке места (а Safari — после 7 дней без посещения) он может их удалить. Добавьте страницу на главный экран телефона или в закладки — тогда браузеры чаще соглашаются."</p>
                    <button type="button" on:click=ask disabled=asking>"Попросить браузер сохранить данные"</button>
                }.into_any(),
            }}
            <h3>"Работа без интернета"</h3>
            <p>{move || match shell.offline.get() {
                Offline::Ready => "Приложение сохранено на этом устройстве: оно откроется и без интернета.",
                Offline::Pending => "Приложение сохраняется на этом устройстве, чтобы открываться без интернета…",
                Offline::Unavailable { insecure: true } => "Без интернета приложение с этого адреса не откроется: браузер сохраняет приложения только с адресов https://. Данные при этом хранятся на устройстве как обычно. Попросите разместить «Портфолио» по адресу https://.",
                Offline::Unavailable { insecure: false } => "Этот браузер не сохраняет приложение для работы без интернета (старая версия или режим инкогнито). Данные при этом хранятся на устройстве как обычно. Откройте «Портфолио» в свежей версии Chrome, Firefox или Safari.",
            }}</p>
            <p class="hint">"На телефоне добавьте «Портфолио» на главный экран (в Chrome: меню → «Установить приложение» или «Добавить на главный экран»; на iPhone в Safari: «Поделиться» → «На экран «Домой»»). На iPhone у значка на главном экране свои данные, отдельные от Safari: откройте значок один раз при подключении к интернету и откройте файл от учителя уже в нём."</p>
            <p class="muted">{format!("Версия {}", crate::browser::shell::build())}</p>
        </section>
    }
}
