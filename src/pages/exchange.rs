//! «Администрирование → Резервная копия и обмен»: saving the school, a class
//! or one child's package to a file, and opening a file: it is checked,
//! merged into a copy, shown as a preview, and applied only on «Применить»,
//! in one transaction.

use super::AdminHeader;
use crate::state::use_app;
use crate::storage::{device, settings};
use crate::ui::{CheckField, Notice, NoticeView, SelectField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::exchange::{
    drop_missing_documents, export, file_keys, file_name, new_files, parse, to_json, to_portfolio,
    Scope, Writer,
};
use portfolio_core::id::Context;
use portfolio_core::merge::{merge, Report};
use portfolio_core::stored::NewFile;
use portfolio_core::{Id, Portfolio};
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

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

/// Offers `text` as a download named `name`.
fn download(text: &str, name: &str) -> Result<(), String> {
    let url = device::object_url(text.as_bytes(), "application/json")
        .ok_or("Браузер не смог подготовить файл.")?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("нет документа")?;
    let a = doc
        .create_element("a")
        .map_err(|_| "Браузер не смог подготовить файл.")?;
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
    // The download has started from the URL; free it a little later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || device::revoke(&url));
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Writes the file of `scope` (with the documents' bytes when `include`)
/// and offers it as a download; gives the file's name.
pub(super) async fn save_to_file(
    app: crate::state::AppState,
    scope: Scope,
    include: bool,
) -> Result<String, String> {
    let p = app.data.get_untracked();
    let files = if include {
        let mut m = BTreeMap::new();
        for key in file_keys(&p, &scope) {
            if let Some(b) = app.file(&key).await.map_err(|e| e.to_string())? {
                m.insert(key, b);
            }
        }
        Some(m)
    } else {
        None
    };
    let ctx = app.ctx();
    let device = ctx.device().to_string();
    let env = export(
        &p,
        &scope,
        files.as_ref(),
        &Writer {
            now: ctx.now(),
            device: &device,
            app_version: env!("CARGO_PKG_VERSION"),
        },
    )?;
    let name = file_name(&p, &scope, ctx.today());
    download(&to_json(&env), &name)?;
    if scope == Scope::School {
        settings::set_last_backup(ctx.now());
    }
    Ok(name)
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    view! {
        <AdminHeader current=2 />
        <ExportSection />
        <ImportSection />
    }
}

#[component]
fn ExportSection() -> impl IntoView {
    let app = use_app();
    let what = RwSignal::new("school".to_string());
    let with_documents = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<Notice>);
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
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        notice.set(Some(Notice::Ok("Готовим файл…".into())));
        let scope = scope_of(&what.get_untracked());
        let include = with_documents.get_untracked();
        spawn_local(async move {
            let result = save_to_file(app, scope, include).await;
            busy.try_set(false);
            notice.try_set(Some(match result {
                Ok(name) => Notice::Ok(format!("Файл «{name}» сохранён в папку загрузок.")),
                Err(e) => Notice::Error(e),
            }));
        });
    };
    view! {
        <section aria-labelledby="export-title">
            <h2 id="export-title">"Сохранить в файл"</h2>
            <p class="hint">"Резервная копия всей школы, файл класса или файл одного ученика для его родителей: в файле для родителей нет данных других детей."</p>
            <SelectField id="export-what" label="Что сохранить" options=options value=what on_change=move |v| what.set(v) />
            <CheckField id="export-docs" label="С документами (сканы и фотографии)" checked=with_documents on_change=move |v| with_documents.set(v) />
            <NoticeView notice=notice />
            <button type="button" class="primary" disabled=busy on:click=save>"Сохранить файл"</button>
        </section>
    }
}

/// A file read and merged into a copy, waiting for «Применить».
#[derive(Clone)]
struct Pending {
    name: String,
    here: Portfolio,
    merged: Portfolio,
    report: Report,
    files: Vec<NewFile>,
    left_out: usize,
}

fn lines(title: &'static str, items: &[String]) -> impl IntoView {
    let n = items.len();
    let shown: Vec<String> = items.iter().take(30).cloned().collect();
    (n > 0).then(|| {
        view! {
            <h3>{format!("{title}: {n}")}</h3>
            <ul class="preview">
                {shown.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                {(n > 30).then(|| view! { <li>{format!("… и ещё {}", n - 30)}</li> })}
            </ul>
        }
    })
}

#[component]
fn ImportSection() -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let pending = RwSignal::new(None::<Pending>);
    let busy = RwSignal::new(false);
    let open = move |ev: leptos::ev::Event| {
        let Some(file) = super::documents::take_files(&ev).into_iter().next() else {
            return;
        };
        pending.set(None);
        notice.set(Some(Notice::Ok("Проверяем файл…".into())));
        spawn_local(async move {
            let name = file.name();
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let Some(text) = text else {
                notice.try_set(Some(Notice::Error(format!(
                    "Файл «{name}» не прочитан: это не текстовый файл."
                ))));
                return;
            };
            let env = match parse(&text) {
                Ok(env) => env,
                Err(e) => {
                    notice.try_set(Some(Notice::Error(format!(
                        "«{name}»: {e} Ничего не изменено."
                    ))));
                    return;
                }
            };
            let here = app.data.get_untracked();
            let mut incoming = to_portfolio(&env.data);
            let left_out = if env.data.documents_included {
                0
            } else {
                drop_missing_documents(&mut incoming, &here)
            };
            let (merged, report) = merge(&here, &incoming, app.ctx().now());
            notice.try_set(None);
            pending.try_set(Some(Pending {
                name,
                here,
                merged,
                report,
                files: new_files(&env.data),
                left_out,
            }));
        });
    };
    let apply = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let keys = p.report.keys.clone();
            let result = app
                .apply_with(&p.files, |data, _| {
                    if *data != p.here {
                        return Err(
                            "Данные изменились, пока файл был открыт: откройте файл снова."
                                .to_string(),
                        );
                    }
                    *data = p.merged.clone();
                    Ok(((), keys))
                })
                .await;
            busy.try_set(false);
            if result.is_ok() {
                // On a failure the preview stays, to try again.
                pending.try_set(None);
            }
            notice.try_set(Some(match result {
                Ok(()) => Notice::Ok(format!("Данные из файла «{}» добавлены.", p.name)),
                Err(e) => Notice::Error(e),
            }));
        });
    };
    let preview = move || {
        pending.get().map(|p| {
            let r = &p.report;
            if r.is_empty() {
                return view! {
                    <div class="notice ok"><p role="status">{format!("В файле «{}» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.", p.name)}</p></div>
                    {lines("Не восстановлено (удалено на этом устройстве)", &r.not_restored)}
                }
                .into_any();
            }
            view! {
                <section class="preview" aria-labelledby="preview-title">
                    <h2 id="preview-title">{format!("Что изменится: файл «{}»", p.name)}</h2>
                    {lines("Новое", &r.added)}
                    {lines("Изменено", &r.updated)}
                    {lines("Конфликты", &r.conflicts)}
                    {lines("Удалено", &r.deleted)}
                    {lines("Не восстановлено (удалено на этом устройстве)", &r.not_restored)}
                    <p class="muted">{format!("Без изменений: {}; новее на этом устройстве: {}.", r.unchanged, r.newer_here)}</p>
                    {(p.left_out > 0).then(|| view! { <p class="hint">{format!("Файл сохранён без документов: {} документов не перенесено.", p.left_out)}</p> })}
                    <div class="actions">
                        <button type="button" class="primary" disabled=busy on:click=apply>"Применить"</button>
                        <button type="button" on:click=move |_| pending.set(None)>"Отмена"</button>
                    </div>
                </section>
            }
            .into_any()
        })
    };
    view! {
        <section aria-labelledby="import-title">
            <h2 id="import-title">"Загрузить данные из файла"</h2>
            <p class="hint">"Файл из резервной копии, от другого учителя или от родителей. Сначала будет показано, что изменится; данные меняются только после «Применить»."</p>
            <div class="doc-add">
                <input type="file" id="import-file" class="visually-hidden" accept=".json,application/json" on:change=open />
                <label class="button" for="import-file">"Открыть файл"</label>
            </div>
            <NoticeView notice=notice />
            {preview}
        </section>
    }
}
