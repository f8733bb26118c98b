//! The start screen: first-run set-up of the school, then the classes of the
//! chosen school year and a form to add a class.

use super::device::{RoleSwitch, StorageSection};
use super::family::FamilyHome;
use crate::pages::class::ClassFormView;
use crate::pages::common::{configured_and, year_options};
use crate::route::Route;
use crate::state::use_app;
use crate::ui::notice::use_notice;
use crate::ui::{FormState, Notice, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::stored::of_class;
use portfolio_core::util::id::Context;
use portfolio_core::util::text::plural;
use portfolio_core::{School, SchoolYear};

/// The start screen: a family's children; or the teacher's first set-up,
/// then the classes.
#[component]
pub fn HomePage(
    /// The family's files with the teacher (a chunk of their own).
    family_files: fn() -> AnyView,
) -> impl IntoView {
    let app = use_app();
    // A memo, so the page is rebuilt only when the school appears, not on every save.
    let has_school = Memo::new(move |_| app.data.with(|p| p.school.is_some()));
    move || {
        if app.parent.get() {
            view! { <FamilyHome files=family_files /> }.into_any()
        } else if !has_school.get() {
            view! { <SetupForm /> }.into_any()
        } else {
            view! { <ClassesView /> }.into_any()
        }
    }
}

/// School years to choose from: the configured ones and the current one ± 1.
pub fn teacher_years() -> Signal<Vec<(String, String)>> {
    year_options(|p, this| configured_and(p, [this - 1, this, this + 1]))
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
                .set_up(|p, ctx| {
                    let school = School::parse(&name.get_untracked(), ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    p.school = Some(school);
                    if p.year(start).is_none() {
                        p.years.push(SchoolYear::with_quarters(start));
                    }
                    Ok(())
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
            <SelectField id="setup-year" label="Учебный год" options=teacher_years() value=year on_change=move |v| year.set(v) />
            <NoticeView notice=state.notice />
            <button type="submit" class="primary" disabled=state.busy>"Начать работу"</button>
        </form>
        <RoleSwitch to_parent=true />
    }
}

#[component]
fn ClassesView() -> impl IntoView {
    let app = use_app();
    // From the students' summaries: the list needs no record read.
    let classes = move || {
        app.roster.with(|roster| {
            app.data.with(|p| {
                p.classes_of_year(app.year.get())
                    .into_iter()
                    .map(|c| {
                        (
                            c.id.clone(),
                            c.name.clone(),
                            of_class(roster, &c.id).count(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <h1>"Классы"</h1>
        <p class="muted">{move || app.data.with(|p| p.school.as_ref().map(|s| s.name.clone()))}</p>
        <BackupReminder />
        <SelectField
            id="year"
            label="Учебный год"
            options=teacher_years()
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
        <ClassFormView existing=None />
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
