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
    move || {
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
    }
}
