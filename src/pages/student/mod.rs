//! A student's profile: the header with the tabs «Личные данные»,
//! «Достижения», «Поощрения», «Наблюдения» and «Рейтинг», and the
//! new-student screen.

pub mod achievement_form;
pub mod achievements;
pub mod documents;
pub mod form;
pub mod observations;
pub mod print;
pub mod rating;
pub mod rewards;

use crate::pages::student::form::StudentFormView;
use crate::route::Route;
use crate::state::use_app;
use crate::ui::{Notice, NoticeView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::student::{Status, StudentForm};
use portfolio_core::util::id::Context;
use portfolio_core::Id;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Personal,
    Achievements,
    Rewards,
    Observations,
    Rating,
}

/// Breadcrumb, name and tabs shared by the student's screens.
#[component]
pub fn StudentHeader(id: Id, tab: Tab) -> impl IntoView {
    let app = use_app();
    let info = {
        let id = id.clone();
        move || {
            app.data.with(|p| {
                p.students.get(&id).map(|r| {
                    let class = p
                        .class(&r.student.class_id)
                        .map(|c| (c.id.clone(), c.name.clone()));
                    (r.student.full_name(), class)
                })
            })
        }
    };
    let current = move |t: Tab| (t == tab).then_some("page");
    view! {
        {move || {
            info().map(|(name, class)| {
                view! {
                    {if app.parent.get_untracked() {
                        Some(view! { <nav class="crumbs" aria-label="Путь"><a href="#/">"← Мои дети"</a></nav> }.into_any())
                    } else {
                        class.map(|(cid, cname)| view! {
                            <nav class="crumbs" aria-label="Путь"><a href=Route::Class(cid).href()>{format!("← Класс {cname}")}</a></nav>
                        }.into_any())
                    }}
                    <h1>{name}</h1>
                }
            })
        }}
        <nav class="tabs" aria-label="Разделы портфолио">
            <a href=Route::Personal(id.clone()).href() aria-current=current(Tab::Personal)>"Личные данные"</a>
            <a href=Route::Achievements(id.clone(), Default::default()).href() aria-current=current(Tab::Achievements)>
                "Достижения"
            </a>
            <a href=Route::Rewards(id.clone(), None).href() aria-current=current(Tab::Rewards)>
                "Поощрения"
            </a>
            <a href=Route::Observations(id.clone(), None, None).href() aria-current=current(Tab::Observations)>
                "Наблюдения"
            </a>
            <a href=Route::Rating(id.clone(), Default::default()).href() aria-current=current(Tab::Rating)>
                "Рейтинг"
            </a>
        </nav>
    }
}

/// Ends a form's save: back to `back` with «<what> добавлено» (a new record)
/// or «… сохранено», or the problem shown on the form.
pub fn after_save(
    app: crate::state::AppState,
    state: crate::ui::FormState,
    back: &Route,
    result: Result<String, crate::state::ActionError>,
    is_new: bool,
) {
    match result {
        Ok(what) => {
            state.end(Ok(None));
            let verb = if is_new {
                "добавлено"
            } else {
                "сохранено"
            };
            app.navigate_with(back, format!("{what} {verb}."));
        }
        Err(msg) => state.end(Err(msg)),
    }
}

/// Deletes one record of a student's lists once the user confirms
/// `question`, and says `done` (or what went wrong) on the screen.
pub fn delete_from_student(
    app: crate::state::AppState,
    notice: RwSignal<Option<Notice>>,
    sid: Id,
    question: String,
    done: String,
    remove: impl FnOnce(&mut portfolio_core::StudentRecord) + 'static,
) {
    if !crate::ui::confirm(&question) {
        return;
    }
    spawn_local(async move {
        let result = app
            .edit_student(&sid, &[], |rec, _, _| {
                remove(rec);
                Ok(())
            })
            .await;
        notice.set(Some(match result {
            Ok(()) => Notice::Ok(done),
            Err(e) => Notice::Error(e.into()),
        }));
    });
}

#[component]
pub fn PersonalPage(id: Id) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|p| {
        p.students
            .get(&id)
            .map(|r| (StudentForm::from_student(&r.student), r.student.status))
    });
    let Some((form, status)) = found else {
        return crate::pages::common::missing("Ученик");
    };
    view! {
        <StudentHeader id=id.clone() tab=Tab::Personal />
        <h2 class="visually-hidden">"Личные данные"</h2>
        <p class="privacy-note">"Сведения о ребёнке передаются только его родителям (законным представителям): П2 §6.2. Другим лицам их не передают."</p>
        <StudentFormView initial=form id=id.clone() status=status />
        {(!app.parent.get_untracked()).then(|| view! { <DeleteStudent id=id /> })}
    }
    .into_any()
}

/// «Завершение обучения» (П1 §1.7): a final file for the family, then the
/// child's data and documents are deleted from this device in one
/// transaction; the deletion is logged, so no older file brings the child
/// back. The same button removes a student added by mistake.
#[component]
fn DeleteStudent(id: Id) -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let saver = crate::pages::files::FileSaver::new();
    let save_final = {
        let id = id.clone();
        move |_| {
            let scope = portfolio_core::exchange::Scope::Student {
                student_id: id.clone(),
            };
            let after = " Это итоговый файл: передайте его семье.";
            saver.run(
                app,
                scope,
                crate::exchange::SaveOptions {
                    include: true,
                    ..Default::default()
                },
                Ok(None),
                after,
            )
        }
    };
    let delete = move |_| {
        let Some((name, class_id)) = app.data.with_untracked(|p| {
            p.students
                .get(&id)
                .map(|r| (r.student.full_name(), r.student.class_id.clone()))
        }) else {
            return;
        };
        let warning = if saver.saved.get_untracked() {
            ""
        } else {
            " Итоговый файл для семьи не сохранён."
        };
        if !crate::ui::confirm(&format!(
            "Удалить данные ученика {name} вместе со всеми достижениями и документами?{warning} Это нельзя отменить."
        )) {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            let result = app.delete_student(&id).await;
            match result {
                Ok(()) => app.navigate_with(
                    &Route::Class(class_id),
                    format!("Ученик {name} удалён вместе с достижениями и документами. Из старых файлов эти данные не вернутся."),
                ),
                Err(e) => {
                    notice.try_set(Some(Notice::Error(e.into())));
                }
            }
        });
    };
    view! {
        <section class="danger-zone" aria-labelledby="end-title">
            <h2 id="end-title">"Завершение обучения"</h2>
            <p class="hint">"По окончании обучения портфолио удаляется (П1 §1.7). Сначала сохраните итоговый файл для семьи: в нём все записи и документы ученика. Удаление запоминается: данные не вернутся и из старых файлов. Так же удаляется ученик, добавленный по ошибке."</p>
            <NoticeView notice=saver.notice />
            <NoticeView notice=notice />
            <div class="actions">
                <button type="button" disabled=saver.busy on:click=save_final>"Сохранить итоговый файл для семьи"</button>
                <button type="button" class="danger" on:click=delete>"Удалить ученика"</button>
            </div>
        </section>
    }
}

#[component]
pub fn NewStudentPage(class_id: Id) -> impl IntoView {
    let app = use_app();
    let class_name = app
        .data
        .with_untracked(|p| p.class(&class_id).map(|c| c.name.clone()));
    let Some(class_name) = class_name else {
        return crate::pages::common::missing("Класс");
    };
    let form = StudentForm::new_student(&class_id, app.ctx().today());
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=Route::Class(class_id.clone()).href()>{format!("← Класс {class_name}")}</a></nav>
        <h1>"Новый ученик"</h1>
        <h2 class="visually-hidden">"Личные данные"</h2>
        <StudentFormView initial=form id=crate::state::random_id() status=Status::Active is_new=true />
    }
    .into_any()
}
