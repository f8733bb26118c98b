//! The family's screen («Я родитель», П1 §1.12–1.13): a parent opens the
//! file the teacher sent, keeps their own child's portfolio on the phone —
//! personal data, achievements with photos — and sends it back to the
//! teacher as a file («Отправить учителю»: the share sheet where the phone
//! has one, a download otherwise).

use crate::pages::admin::exchange::{passphrase_fields, FileSaver, Importer, SaveOptions};
use crate::route::Route;
use crate::state::use_app;
use crate::ui::lazy::{lazy_part, loader};
use crate::ui::{NoticeView, SelectField};
use leptos::prelude::*;
use portfolio_core::exchange::Scope;
use portfolio_core::text::plural;
use portfolio_core::Id;

/// A child on this device, as the family's screens show them.
struct Child {
    id: Id,
    name: String,
    class: String,
    achievements: usize,
}

/// The children on this device, by name.
fn children(p: &portfolio_core::Portfolio) -> Vec<Child> {
    let mut v: Vec<Child> = p
        .students
        .values()
        .map(|r| Child {
            id: r.student.id.clone(),
            name: r.student.full_name(),
            class: p
                .class(&r.student.class_id)
                .map(|c| format!("класс {}", c.name))
                .unwrap_or_default(),
            achievements: r.achievements.len(),
        })
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

#[component]
pub fn FamilyHome() -> impl IntoView {
    let app = use_app();
    view! {
        <h1>"Портфолио моего ребёнка"</h1>
        {move || {
            let list = app.data.with(children);
            if list.is_empty() {
                return view! {
                    <p>"Учитель передаст файл с портфолио вашего ребёнка (например, «Портфолио_Рультынэ_Айна_2026-11-23.json») — в мессенджере, по почте или на флешке. Сохраните его на телефон и откройте здесь."</p>
                }
                .into_any();
            }
            view! {
                <ul class="cards" aria-label="Мои дети">
                    {list.into_iter().map(|Child { id, name, class, achievements: n }| view! {
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
        {lazy_part(loader(crate::pages::chunks::family_files))}
        <crate::pages::home::StorageSection />
        <crate::pages::home::RoleSwitch to_parent=false />
    }
}

/// The family's exchange with the teacher (a chunk of its own: export,
/// import, merge and encryption are not needed to show the children).
#[component]
pub fn FamilyFiles() -> impl IntoView {
    let app = use_app();
    let has_children = Memo::new(move |_| app.data.with(|p| !p.students.is_empty()));
    view! {
        {move || has_children.get().then(|| view! { <SendSection /> })}
        <section aria-labelledby="from-teacher-title">
            <h2 id="from-teacher-title">"Файл от учителя"</h2>
            <p class="hint">"Перед открытием будет показано, что изменится. Ваши записи не пропадут: если запись изменили и вы, и учитель, остаётся более поздняя, а другая сохраняется в архиве."</p>
            <Importer button="Открыть файл от учителя" />
        </section>
    }
}

/// «Отправить учителю»: the child's file with every record and document.
#[component]
fn SendSection() -> impl IntoView {
    let app = use_app();
    let saver = FileSaver::new();
    let (pass_view, passphrase) = passphrase_fields("send");
    let what = RwSignal::new("changes".to_string());
    let options = Signal::derive(|| {
        vec![
            (
                "changes".to_string(),
                "Только новое (что добавлено или изменено после файла от учителя)".to_string(),
            ),
            ("whole".to_string(), "Всё портфолио ребёнка".to_string()),
        ]
    });
    let send = move |id: Id| {
        let scope = Scope::Student { student_id: id };
        saver.run(
            app,
            scope,
            SaveOptions {
                include: true,
                share: true,
                changes: what.get_untracked() == "changes",
            },
            passphrase(),
            " Передайте его учителю.",
        )
    };
    view! {
        <section aria-labelledby="send-title">
            <h2 id="send-title">"Отправить учителю"</h2>
            <p class="hint">"Учитель откроет файл у себя и увидит, что вы добавили. «Только новое» — без того, что уже пришло от учителя: файл намного меньше, это важно при слабом интернете."</p>
            <SelectField id="send-what" label="Что отправить" options=options value=what on_change=move |v| what.set(v) />
            <p class="privacy-note">"Сведения о ребёнке передаются только учителю школы и его родителям (законным представителям) — П2 §6.2."</p>
            {pass_view}
            <NoticeView notice=saver.notice />
            <div class="actions">
                {move || app.data.with(children).into_iter().map(|c| (c.id, c.name)).map(|(id, name)| view! {
                    <button type="button" class="primary" disabled=saver.busy on:click=move |_| send(id.clone())>
                        {format!("Отправить учителю: {name}")}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}
