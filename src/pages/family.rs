//! The family's screen («Я родитель», П1 §1.12–1.13): a parent opens the
//! file the teacher sent, keeps their own child's portfolio on the phone —
//! personal data, achievements with photos — and sends it back to the
//! teacher as a file («Отправить учителю»: the share sheet where the phone
//! has one, a download otherwise).

use super::exchange::{passphrase_fields, save_to_file, Importer, SaveOptions};
use crate::route::Route;
use crate::state::use_app;
use crate::ui::{Notice, NoticeView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::exchange::Scope;
use portfolio_core::text::plural;
use portfolio_core::Id;

#[component]
pub fn FamilyHome() -> impl IntoView {
    let app = use_app();
    let children = move || {
        app.data.with(|p| {
            let mut v: Vec<(Id, String, String, usize)> = p
                .students
                .values()
                .map(|r| {
                    let class = p
                        .class(&r.student.class_id)
                        .map(|c| format!("класс {}", c.name))
                        .unwrap_or_default();
                    (
                        r.student.id.clone(),
                        r.student.full_name(),
                        class,
                        r.achievements.len(),
                    )
                })
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    };
    let has_children = Memo::new(move |_| app.data.with(|p| !p.students.is_empty()));
    view! {
        <h1>"Портфолио моего ребёнка"</h1>
        {move || {
            let list = children();
            if list.is_empty() {
                return view! {
                    <p>"Учитель передаст файл с портфолио вашего ребёнка (например, «Портфолио_Рультынэ_Айна_2026-11-23.json») — в мессенджере, по почте или на флешке. Сохраните его на телефон и откройте здесь."</p>
                }
                .into_any();
            }
            view! {
                <ul class="cards" aria-label="Мои дети">
                    {list.into_iter().map(|(id, name, class, n)| view! {
                        <li>
                            <a class="card-link" href=Route::Personal(id).href()>
                                <span class="card-title">{name}</span>
                                <span class="muted">{format!("{class}, {n} {}", plural(n, "достижение", "достижения", "достижений"))}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        {move || has_children.get().then(|| view! { <SendSection /> })}
        <section aria-labelledby="from-teacher-title">
            <h2 id="from-teacher-title">"Файл от учителя"</h2>
            <p class="hint">"Перед открытием будет показано, что изменится. Ваши записи не пропадут: если запись изменили и вы, и учитель, остаётся более поздняя, а другая сохраняется в архиве."</p>
            <Importer button="Открыть файл от учителя" />
        </section>
        <super::home::StorageSection />
        <section aria-labelledby="role-title">
            <h2 id="role-title">"Это устройство учителя?"</h2>
            <p class="hint">"Учитель ведёт на устройстве весь класс и настраивает справочники."</p>
            <button type="button" on:click=move |_| app.set_parent(false)>"Я учитель"</button>
        </section>
    }
}

/// «Отправить учителю»: the child's file with every record and document.
#[component]
fn SendSection() -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let busy = RwSignal::new(false);
    let (pass_view, passphrase) = passphrase_fields("send");
    let send = move |id: Id| {
        if busy.get_untracked() {
            return;
        }
        let pass = match passphrase() {
            Ok(p) => p,
            Err(e) => {
                notice.set(Some(Notice::Error(e)));
                return;
            }
        };
        busy.set(true);
        notice.set(Some(Notice::Ok("Готовим файл…".into())));
        spawn_local(async move {
            let opt = SaveOptions {
                include: true,
                pass,
                share: true,
            };
            let result = save_to_file(app, Scope::Student { student_id: id }, opt).await;
            busy.try_set(false);
            notice.try_set(Some(match result {
                Ok(m) => Notice::Ok(format!("{m} Передайте его учителю.")),
                Err(e) => Notice::Error(e),
            }));
        });
    };
    let children = move || {
        app.data.with(|p| {
            let mut v: Vec<(Id, String)> = p
                .students
                .values()
                .map(|r| (r.student.id.clone(), r.student.full_name()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    };
    view! {
        <section aria-labelledby="send-title">
            <h2 id="send-title">"Отправить учителю"</h2>
            <p class="hint">"Файл со всеми записями и документами ребёнка. Учитель откроет его у себя и увидит, что вы добавили."</p>
            {pass_view}
            <NoticeView notice=notice />
            <div class="actions">
                {move || children().into_iter().map(|(id, name)| view! {
                    <button type="button" class="primary" disabled=busy on:click=move |_| send(id.clone())>
                        {format!("Отправить учителю: {name}")}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}
