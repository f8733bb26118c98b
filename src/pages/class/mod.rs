//! A class: its students, each with their number of achievements; the
//! section «Достижения» (`class_achievements.rs`) is a tab of its own.

pub mod achievements;
pub mod rewards;

use crate::route::Route;
use crate::state::{random_id, use_app};
use crate::ui::{FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::school::ClassForm;
use portfolio_core::records::school_year::year_label;
use portfolio_core::stored::of_class;
use portfolio_core::util::id::Context;
use portfolio_core::util::text::plural;
use portfolio_core::Class;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn ClassPage(id: Id) -> impl IntoView {
    let app = use_app();
    app.remember_class(&id);
    let class = app.data.with_untracked(|p| p.class(&id).cloned());
    let edit = class.map(|c| view! { <ClassFormView existing=Some(c) /> });
    let body = move || {
        // From the students' summaries: the list needs no record read.
        let found = app.data.with(|p| {
            p.class(&id).map(|_| {
                app.roster.with(|roster| {
                    of_class(roster, &id)
                        .map(|s| (s.id.clone(), s.name.clone(), s.achievements))
                        .collect::<Vec<(Id, String, usize)>>()
                })
            })
        });
        let Some(students) = found else {
            return crate::pages::common::missing("Класс");
        };
        let total = students.len();
        view! {
            <ClassHeader id=id.clone() tab=ClassTab::Students />
            <section aria-labelledby="students-h">
                <h2 id="students-h">{format!("Ученики ({total})")}</h2>
                {if students.is_empty() {
                    view! { <p class="empty">"Учеников пока нет."</p> }.into_any()
                } else {
                    view! {
                        <ol class="cards" aria-label="Ученики">
                            {students
                                .into_iter()
                                .map(|(sid, full, n)| {
                                    view! {
                                        <li>
                                            <a class="card-link" href=Route::Personal(sid).href()>
                                                <span class="card-title">{full}</span>
                                                <span class="muted">
                                                    {format!("{n} {}", plural(n, "достижение", "достижения", "достижений"))}
                                                </span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                    .into_any()
                }}
                <a class="button primary" href=Route::NewStudent(id.clone()).href()>"Добавить ученика"</a>
            </section>
        }
        .into_any()
    };
    view! {
        {body}
        {edit}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ClassTab {
    Students,
    Achievements,
    Rewards,
}

/// Breadcrumb, name, year, class teacher and the tabs of a class's screens.
#[component]
pub fn ClassHeader(id: Id, tab: ClassTab) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|p| {
        p.class(&id).map(|c| {
            let teacher = c
                .teacher_id
                .as_ref()
                .map(|t| p.catalogues.name(CatalogueKind::Staff, t));
            (c.name.clone(), c.year, teacher)
        })
    });
    let (name, year, teacher) = found.unwrap_or_default();
    let current = move |t: ClassTab| (t == tab).then_some("page");
    view! {
        <nav class="crumbs no-print" aria-label="Путь"><a href="#/">"← Классы"</a></nav>
        <h1>{format!("Класс {name}")}</h1>
        <p class="muted">
            {format!("Учебный год {}", year_label(year))}
            {teacher.map(|t| format!(" · Классный руководитель: {t}"))}
        </p>
        <nav class="tabs no-print" aria-label="Разделы класса">
            <a href=Route::Class(id.clone()).href() aria-current=current(ClassTab::Students)>"Ученики"</a>
            <a href=Route::ClassAchievements(id.clone(), Default::default()).href() aria-current=current(ClassTab::Achievements)>
                "Достижения"
            </a>
            <a href=Route::ClassRewards(id.clone(), None).href() aria-current=current(ClassTab::Rewards)>
                "Поощрения"
            </a>
        </nav>
    }
}

/// «Добавить класс» (`existing` is `None`: a class of the chosen school year)
/// or «Изменить класс»: the name and the class teacher.
#[component]
pub fn ClassFormView(existing: Option<Class>) -> impl IntoView {
    let app = use_app();
    let is_new = existing.is_none();
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let teacher_id = existing.as_ref().and_then(|c| c.teacher_id.as_ref());
    let teacher = RwSignal::new(teacher_id.map(|t| t.0.clone()).unwrap_or_default());
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        let (id, year) = match &existing {
            Some(c) => (c.id.clone(), c.year),
            None => (random_id(), app.year.get_untracked()),
        };
        let form = ClassForm {
            name: name.get_untracked(),
            year,
            teacher_id: teacher.get_untracked(),
        };
        spawn_local(async move {
            let result = app
                .edit_classes(|p, ctx| {
                    let class = form
                        .parse(id.clone(), &p.classes, ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    let label = class.name.clone();
                    match p.classes.iter_mut().find(|c| c.id == id) {
                        Some(slot) => *slot = class,
                        None => p.classes.push(class),
                    }
                    Ok(label)
                })
                .await;
            match result {
                Ok(label) if is_new => {
                    state.end(Ok(None));
                    app.navigate_with(&Route::Class(id), format!("Класс «{label}» добавлен."));
                }
                other => state.end(other.map(|_| Some("Класс сохранён.".into()))),
            }
        });
    };
    let (heading, button, prefix) = if is_new {
        ("Добавить класс", "Добавить класс", "class")
    } else {
        ("Изменить класс", "Сохранить класс", "edit-class")
    };
    view! {
        <section aria-labelledby=format!("{prefix}-h")>
            <h2 id=format!("{prefix}-h")>{heading}</h2>
            <form class="inline-form" on:submit=submit novalidate>
                <TextField
                    id=format!("{prefix}-name")
                    label="Название класса"
                    hint="Например: 3 А"
                    required=true
                    value=name
                    on_input=move |v| name.set(v)
                    error=state.error("class_name")
                />
                <SelectField
                    id=format!("{prefix}-teacher")
                    label="Классный руководитель"
                    options=crate::pages::common::catalogue_options(CatalogueKind::Staff)
                    value=teacher
                    on_change=move |v| teacher.set(v)
                    empty="— не выбран —"
                />
                <p class="hint">"Педагогов можно добавить в разделе «Справочники → Педагоги»."</p>
                <NoticeView notice=state.notice />
                <button type="submit" class="primary" disabled=state.busy>{button}</button>
            </form>
        </section>
    }
}
