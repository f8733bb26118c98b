//! «Администрирование → Резервная копия и обмен»: saving the school, a class
//! or one child's package to a file, a school year's archive, opening a
//! file (checked, merged into a copy, shown as a preview, applied only on
//! «Применить»), and «Архив версий». Any file may be encrypted.

use super::AdminHeader;
use crate::exchange::{known_of, SaveOptions};
use crate::pages::common::year_options;
use crate::pages::files::{passphrase_fields, FileSaver, Importer};
use crate::state::use_app;
use crate::ui::{CheckField, Notice, NoticeView, SelectField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::exchange::merge::{lost_details, restore};
use portfolio_core::exchange::Scope;
use portfolio_core::util::date::format_ru;
use portfolio_core::util::id::Context;
use portfolio_core::Id;

/// «school», «class:<id>» or «student:<id>» from the select.
fn scope_of(value: &str) -> Scope {
    match value.split_once(':') {
        Some(("class", id)) => Scope::Class {
            class_id: Id(id.into()),
        },
        Some(("student", id)) => Scope::Student {
            student_id: Id(id.into()),
        },
        _ => Scope::School,
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    view! {
        <AdminHeader current=2 />
        <ExportSection />
        <ArchiveSection />
        <section aria-labelledby="import-title">
            <h2 id="import-title">"Загрузить данные из файла"</h2>
            <p class="hint">"Файл из резервной копии, от другого учителя или от родителей. Сначала будет показано, что изменится; данные меняются только после «Применить»."</p>
            <Importer button="Открыть файл" />
        </section>
        <LostSection />
    }
}

#[component]
fn ExportSection() -> impl IntoView {
    let app = use_app();
    let what = RwSignal::new("school".to_string());
    let with_documents = RwSignal::new(true);
    let send = RwSignal::new("changes".to_string());
    let saver = FileSaver::new();
    let (pass_view, passphrase) = passphrase_fields("export");
    let options = Signal::derive(move || {
        app.data.with(|p| {
            let mut o = vec![(
                "school".to_string(),
                "Вся школа (резервная копия)".to_string(),
            )];
            for c in p.classes_of_year(app.year.get()) {
                o.push((format!("class:{}", c.id), format!("Класс {}", c.name)));
                for r in p.students_of_class(&c.id) {
                    o.push((
                        format!("student:{}", r.student.id),
                        format!("Для родителей: {} ({})", r.student.full_name(), c.name),
                    ));
                }
            }
            o
        })
    });
    let save = move |_| {
        saver.run(
            app,
            scope_of(&what.get_untracked()),
            SaveOptions {
                include: with_documents.get_untracked(),
                changes: send.get_untracked() == "changes",
                ..Default::default()
            },
            passphrase(),
            "",
        )
    };
    // For a child: «только изменения» once a file went to that family.
    let last_file = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        let Scope::Student { student_id } = scope_of(&what.get()) else {
            last_file.set(None);
            return;
        };
        spawn_local(async move {
            let at = known_of(app, &student_id).await.map(|k| k.at);
            last_file.try_set(at);
        });
    });
    let send_options = Signal::derive(move || {
        let day = last_file
            .get()
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| format_ru(t.date_naive()))
            .unwrap_or_default();
        vec![
            (
                "changes".to_string(),
                format!("Только изменения с прошлого файла (от {day})"),
            ),
            ("whole".to_string(), "Всё портфолио ребёнка".to_string()),
        ]
    });
    let offer_changes = move || {
        last_file.get().is_some()
            && with_documents.get()
            && what.with(|w| w.starts_with("student:"))
    };
    view! {
        <section aria-labelledby="export-title">
            <h2 id="export-title">"Сохранить в файл"</h2>
            <p class="hint">"Резервная копия всей школы, файл класса или файл одного ученика для его родителей: в файле для родителей нет данных других детей."</p>
            <p class="privacy-note">"Сведения о ребёнке передаются только его родителям (законным представителям) — П2 §6.2. Файл класса и файл всей школы — только для устройств школы: не передавайте их родителям и другим лицам."</p>
            <SelectField id="export-what" label="Что сохранить" options=options value=what on_change=move |v| what.set(v) />
            <CheckField id="export-docs" label="С документами (сканы и фотографии)" checked=with_documents on_change=move |v| with_documents.set(v) />
            {move || offer_changes().then(|| view! {
                <SelectField id="export-send" label="Состав файла для родителей" options=send_options value=send on_change=move |v| send.set(v) />
                <p class="hint">"Изменения — только то, чего у родителей ещё нет: файл намного меньше. Если родители не открыли прошлый файл, их телефон попросит всё портфолио."</p>
            })}
            {pass_view}
            <NoticeView notice=saver.notice />
            <button type="button" class="primary" disabled=saver.busy on:click=save>"Сохранить файл"</button>
        </section>
    }
}

/// «Архив учебного года» (П2 §7): one file with every class of a year,
/// their records and documents; opened later read-only.
#[component]
fn ArchiveSection() -> impl IntoView {
    let app = use_app();
    let saver = FileSaver::new();
    let years = year_options(|p, _| p.years_in_use().into_iter().collect());
    let year = RwSignal::new(
        years
            .get_untracked()
            .iter()
            .map(|(y, _)| y.clone())
            .find(|y| y.parse::<i32>().ok() < Some(app.year.get_untracked()))
            .or_else(|| years.get_untracked().first().map(|(y, _)| y.clone()))
            .unwrap_or_default(),
    );
    let save = move |_| {
        let Ok(start_year) = year.get_untracked().parse() else {
            saver
                .notice
                .set(Some(Notice::Error("Выберите учебный год.".into())));
            return;
        };
        saver.run(
            app,
            Scope::Archive { start_year },
            SaveOptions {
                include: true,
                ..Default::default()
            },
            Ok(None),
            "",
        )
    };
    view! {
        <section aria-labelledby="archive-title">
            <h2 id="archive-title">"Архив учебного года"</h2>
            <p class="hint">"По окончании учебного года сохраните его архив (П2 §7): один файл со всеми классами этого года, их достижениями, поощрениями, наблюдениями и документами. Открытый через «Открыть файл», архив показывается только для просмотра — рядом с текущими данными, не смешиваясь с ними. Архив — для устройств школы."</p>
            <SelectField id="archive-year" label="Учебный год архива" options=years value=year on_change=move |v| year.set(v) />
            <NoticeView notice=saver.notice />
            <button type="button" disabled=saver.busy on:click=save>"Сохранить архив учебного года"</button>
        </section>
    }
}

/// «Архив версий»: the versions that lost a merge conflict, kept whole so
/// nothing anyone typed is lost.
#[component]
fn LostSection() -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let list = move || {
        app.data.with(|p| {
            p.lost
                .iter()
                .enumerate()
                .rev()
                .map(|(i, l)| (i, l.what.clone(), l.lost_at, lost_details(l, p)))
                .collect::<Vec<_>>()
        })
    };
    let bring_back = move |index: usize, what: String| {
        if !crate::ui::confirm(&format!(
            "Вернуть эту версию ({what})? Текущая версия будет сохранена в архиве."
        )) {
            return;
        }
        spawn_local(async move {
            let result = app
                .apply(|p, ctx| {
                    let (what, keys) = restore(p, index, &ctx.revision(), ctx.now())?;
                    Ok((what, keys))
                })
                .await;
            notice.try_set(Some(match result {
                Ok(what) => Notice::Ok(format!(
                    "Версия возвращена: {what}. Заменённая версия сохранена в архиве."
                )),
                Err(e) => Notice::Error(e.into()),
            }));
        });
    };
    view! {
        <section aria-labelledby="lost-title">
            <h2 id="lost-title">"Архив версий"</h2>
            <NoticeView notice=notice />
            {move || {
                let items = list();
                if items.is_empty() {
                    return view! { <p class="muted">"Конфликтов при загрузке файлов не было: архив пуст."</p> }.into_any();
                }
                view! {
                    <p class="hint">"Когда запись изменили и здесь, и в загруженном файле, остаётся более поздняя версия, а другая хранится здесь."</p>
                    <ul class="preview" aria-label="Архив версий">
                        {items.into_iter().map(|(index, what, at, details)| {
                            let day = chrono::DateTime::from_timestamp_millis(at)
                                .map(|t| format_ru(t.date_naive()))
                                .unwrap_or_default();
                            view! {
                                <li>
                                    <details>
                                        <summary>{format!("{what} — заменено {day}")}</summary>
                                        <dl class="lost">
                                            {details.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                                        </dl>
                                        <button type="button" on:click={
                                            let what = what.clone();
                                            move |_| bring_back(index, what.clone())
                                        }>{format!("Вернуть эту версию: {what}")}</button>
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
