//! A family's files with the teacher: «Отправить учителю» (the child's
//! file with what is new since the teacher's, or all of it) and «Файл от
//! учителя». A chunk of its own: export, import, merge and encryption are
//! not needed to show the children.

use super::children::children;
use crate::exchange::SaveOptions;
use crate::pages::files::{passphrase_fields, FileSaver, Importer};
use crate::state::use_app;
use crate::ui::{NoticeView, SelectField};
use leptos::prelude::*;
use portfolio_core::exchange::Scope;
use portfolio_core::Id;

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
                {move || app.roster.with(|r| app.data.with(|p| children(p, r))).into_iter().map(|c| (c.id, c.name)).map(|(id, name)| view! {
                    <button type="button" class="primary" disabled=saver.busy on:click=move |_| send(id.clone())>
                        {format!("Отправить учителю: {name}")}
                    </button>
                }).collect_view()}
            </div>
        </section>
    }
}
