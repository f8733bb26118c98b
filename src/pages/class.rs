//! A class: its students, each with their number of achievements.

use crate::route::Route;
use crate::state::use_app;
use leptos::prelude::*;
use portfolio_core::school_year::year_label;
use portfolio_core::text::plural;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn ClassPage(id: Id) -> impl IntoView {
    let app = use_app();
    crate::storage::settings::set_last_class(id.as_str());
    let class = app.data.with_untracked(|p| p.class(&id).cloned());
    let edit = class.map(|c| view! { <EditClassForm class=c /> });
    let body = move || {
        let found = app.data.with(|p| {
            p.class(&id).map(|c| {
                let teacher = c
                    .teacher_id
                    .as_ref()
                    .map(|t| p.catalogues.name(CatalogueKind::Staff, t));
                let students: Vec<(Id, String, usize)> = p
                    .students_of_class(&id)
                    .into_iter()
                    .map(|r| {
                        (
                            r.student.id.clone(),
                            r.student.full_name(),
                            r.achievements.len(),
                        )
                    })
                    .collect();
                (c.name.clone(), c.year, teacher, students)
            })
        });
        let Some((name, year, teacher, students)) = found else {
            return super::missing("Класс");
        };
        let total = students.len();
        view! {
            <nav class="crumbs" aria-label="Путь"><a href="#/">"← Классы"</a></nav>
            <h1>{format!("Класс {name}")}</h1>
            <p class="muted">
                {format!("Учебный год {}", year_label(year))}
                {teacher.map(|t| format!(" · Классный руководитель: {t}"))}
            </p>
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

/// «Изменить класс»: the name and the class teacher.
#[component]
fn EditClassForm(class: portfolio_core::Class) -> impl IntoView {
    use crate::ui::{Notice, NoticeView, SelectField, TextField};
    use leptos::task::spawn_local;
    use portfolio_core::id::Context;
    use portfolio_core::school::ClassForm;
    use portfolio_core::stored::Key;
    use portfolio_core::FieldErrors;

    let app = use_app();
    let name = RwSignal::new(class.name.clone());
    let teacher = RwSignal::new(
        class
            .teacher_id
            .as_ref()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let notice = RwSignal::new(None::<Notice>);
    let (id, year) = (class.id.clone(), class.year);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(FieldErrors::default());
        let id = id.clone();
        spawn_local(async move {
            let form = ClassForm {
                name: name.get_untracked(),
                year,
                teacher_id: teacher.get_untracked(),
            };
            let result = app
                .apply(|p, ctx| {
                    let updated =
                        form.parse(id.clone(), &p.classes, ctx.revision())
                            .map_err(|e| {
                                errors.set(e.clone());
                                e.to_string()
                            })?;
                    let slot = p
                        .classes
                        .iter_mut()
                        .find(|c| c.id == id)
                        .ok_or("Класс не найден.")?;
                    *slot = updated;
                    Ok(((), vec![Key::Classes]))
                })
                .await;
            match result {
                Ok(()) => notice.set(Some(Notice::Ok("Класс сохранён.".into()))),
                Err(msg) if errors.with_untracked(|e| e.is_empty()) => {
                    notice.set(Some(Notice::Error(msg)))
                }
                Err(_) => {}
            }
        });
    };
    view! {
        <section aria-labelledby="edit-class-h">
            <h2 id="edit-class-h">"Изменить класс"</h2>
            <form class="inline-form" on:submit=submit novalidate>
                <TextField
                    id="edit-class-name"
                    label="Название класса"
                    required=true
                    value=name
                    on_input=move |v| name.set(v)
                    error=Signal::derive(move || errors.with(|e| e.get("class_name").map(String::from)))
                />
                <SelectField
                    id="edit-class-teacher"
                    label="Классный руководитель"
                    options=super::catalogue_options(CatalogueKind::Staff)
                    value=teacher
                    on_change=move |v| teacher.set(v)
                    empty="— не выбран —"
                />
                <NoticeView notice=notice />
                <button type="submit" class="primary">"Сохранить класс"</button>
            </form>
        </section>
    }
}
