//! The archive of a finished school year (П2 §7), opened read-only beside
//! the live data: it lives only in memory, is never merged and never stored,
//! and this screen has nothing that edits. Closing it leaves the device as
//! it was.

use crate::state::{use_app, OpenArchive};
use crate::ui::SelectField;
use leptos::prelude::*;
use portfolio_core::records::document::format_size;
use portfolio_core::records::school_year::year_label;
use portfolio_core::stored::file_key;
use portfolio_core::util::date::format_ru;
use portfolio_core::{CatalogueKind, Document, Portfolio, StudentRecord};
use std::sync::Arc;

/// «Архив 2025/2026 — только просмотр».
pub fn banner_text(start_year: i32) -> String {
    format!("Архив {} — только просмотр", year_label(start_year))
}

#[component]
pub fn ArchivePage() -> impl IntoView {
    let app = use_app();
    let Some(archive) = app.archive.get_untracked() else {
        return view! {
            <h1>"Архив не открыт"</h1>
            <p>"Архив учебного года открывается из файла: «Администрирование → Резервная копия и обмен → Открыть файл». " <a href="#/">"Перейти к списку классов"</a></p>
        }
        .into_any();
    };
    let classes: Vec<(String, String)> = {
        let p = &archive.portfolio;
        let mut v: Vec<_> = p.classes.iter().collect();
        v.sort_by_key(|c| portfolio_core::records::school::class_sort_key(&c.name));
        v.into_iter()
            .map(|c| (c.id.0.clone(), format!("Класс {}", c.name)))
            .collect()
    };
    let chosen = RwSignal::new(classes.first().map(|c| c.0.clone()).unwrap_or_default());
    let school = archive
        .portfolio
        .school
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let count = archive.portfolio.students.len();
    let a = archive.clone();
    view! {
        <h1>{banner_text(archive.start_year)}</h1>
        <p class="muted">{format!("{school}. Классов: {}, учеников: {count}. Архив не смешивается с текущими данными и не сохраняется на устройстве.", classes.len())}</p>
        <SelectField id="archive-class" label="Класс" options=Signal::stored(classes) value=chosen on_change=move |v| chosen.set(v) />
        {move || {
            let class_id = portfolio_core::Id(chosen.get());
            let p = &a.portfolio;
            let mut students: Vec<&StudentRecord> = p
                .students
                .values()
                .map(|r| r.as_ref())
                .filter(|r| r.student.class_id == class_id)
                .collect();
            students.sort_by_cached_key(|r| r.student.sort_key());
            view! {
                <ul class="archive-students" aria-label="Ученики класса">
                    {students.into_iter().map(|r| view! { <li><ArchivedStudent r=r.clone() archive=a.clone() /></li> }).collect_view()}
                </ul>
            }
        }}
    }
    .into_any()
}

#[component]
fn ArchivedStudent(r: StudentRecord, archive: Arc<OpenArchive>) -> impl IntoView {
    let p: &Portfolio = &archive.portfolio;
    let c = &p.catalogues;
    let name = r.student.full_name();
    let achievements: Vec<_> = r
        .achievements
        .iter()
        .map(|x| {
            let mut details = portfolio_core::records::achievement::details(x, c);
            details.insert(
                0,
                (
                    "Тип достижения",
                    c.name(CatalogueKind::AchievementTypes, &x.type_id),
                ),
            );
            (
                format!("{} · {}", x.title, format_ru(x.date)),
                details,
                x.documents.clone(),
            )
        })
        .collect();
    let rewards: Vec<_> = r
        .rewards
        .iter()
        .map(|x| (x.describe(c), x.awarded_by.clone(), x.documents.clone()))
        .collect();
    let observations: Vec<_> = r
        .observations
        .iter()
        .map(|o| {
            (
                format!("{} · {}", format_ru(o.date), o.tag_labels()),
                o.text.clone(),
                o.observer.clone(),
            )
        })
        .collect();
    let summary = format!(
        "{name}: достижений {}, поощрений {}, наблюдений {}",
        achievements.len(),
        rewards.len(),
        observations.len()
    );
    let files = archive.clone();
    let files2 = archive.clone();
    view! {
        <details class="archive-student">
            <summary>{summary}</summary>
            <h2>{name}</h2>
            <h3>"Достижения"</h3>
            {achievements.is_empty().then(|| view! { <p class="muted">"Нет."</p> })}
            <ul>
                {achievements.into_iter().map(|(title, details, docs)| view! {
                    <li>
                        <p><strong>{title}</strong></p>
                        <dl>{details.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}</dl>
                        <ArchivedDocuments docs=docs archive=files.clone() />
                    </li>
                }).collect_view()}
            </ul>
            <h3>"Поощрения"</h3>
            {rewards.is_empty().then(|| view! { <p class="muted">"Нет."</p> })}
            <ul>
                {rewards.into_iter().map(|(what, by, docs)| view! {
                    <li>
                        <p><strong>{what}</strong></p>
                        <p class="muted">{format!("Кем вручено: {by}")}</p>
                        <ArchivedDocuments docs=docs archive=files2.clone() />
                    </li>
                }).collect_view()}
            </ul>
            <h3>"Личностные и метапредметные результаты"</h3>
            {observations.is_empty().then(|| view! { <p class="muted">"Нет."</p> })}
            <ul>
                {observations.into_iter().map(|(head, text, who)| view! {
                    <li>
                        <p><strong>{head}</strong></p>
                        <p>{text}</p>
                        <p class="muted">{format!("Наблюдал(а): {who}")}</p>
                    </li>
                }).collect_view()}
            </ul>
        </details>
    }
}

/// Documents of an archived record: each downloads from the archive's own
/// bytes (none are stored on the device).
#[component]
fn ArchivedDocuments(docs: Vec<Document>, archive: Arc<OpenArchive>) -> impl IntoView {
    (!docs.is_empty()).then(|| {
        let titles: Vec<String> = docs
            .iter()
            .map(|d| d.title(&archive.portfolio.catalogues))
            .collect();
        view! {
            <ul class="archive-docs" aria-label="Подтверждающие документы">
                {docs.into_iter().zip(titles).map(|(d, title)| {
                    let bytes = archive.files.get(&file_key(&d.id)).cloned();
                    let label = format!("Скачать: {title} ({}, {})", d.name, format_size(d.size));
                    let (name, mime) = (d.name.clone(), d.file_type.mime());
                    let ok = bytes.as_ref().is_some_and(|b| d.matches(b));
                    view! {
                        <li>
                            {if ok {
                                let bytes = bytes.unwrap_or_default();
                                view! {
                                    <button type="button" on:click=move |_| {
                                        let _ = crate::browser::device::download(&bytes, &name, mime);
                                    }>{label}</button>
                                }.into_any()
                            } else {
                                view! { <span class="muted">{format!("{title}: файла нет в архиве")}</span> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}
