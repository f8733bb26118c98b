//! «Подтверждающие документы»: the fieldset of the achievement form (add by
//! camera or file, kind, caption, remove), thumbnails in lists, and the page
//! of one document (view, open the PDF, download, delete).
//!
//! Every object URL made here is revoked when its view goes away, so paging
//! through hundreds of thumbnails leaks nothing.

use crate::browser::device;
use crate::pages::common::catalogue_options;
use crate::route::Route;
use crate::state::{random_id, use_app};
use crate::ui::{CheckField, FormState, Notice, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::document::{
    download_name, format_size, Document, DocumentForm, WithDocuments,
};
use portfolio_core::stored::{file_key, thumb_key, NewFile};
use portfolio_core::util::date::format_ru;
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};
use std::sync::{Arc, Mutex};

/// An object URL owned by a view: revoked on cleanup, and never made if
/// the view is gone before the bytes arrive.
#[derive(Clone, Default)]
struct OwnedUrl(Arc<Mutex<(bool, Option<String>)>>);

impl OwnedUrl {
    /// Makes the URL unless the view has been cleaned up.
    fn make(&self, bytes: &[u8], mime: &str) -> Option<String> {
        let mut slot = self.0.lock().ok()?;
        if slot.0 {
            return None;
        }
        let url = device::object_url(bytes, mime)?;
        slot.1 = Some(url.clone());
        Some(url)
    }

    fn revoke_on_cleanup(&self) {
        let me = self.clone();
        on_cleanup(move || {
            if let Ok(mut slot) = me.0.lock() {
                slot.0 = true;
                if let Some(url) = slot.1.take() {
                    device::revoke(&url);
                }
            }
        });
    }
}

/// A document's thumbnail (a tile with its type for files without one).
/// `bytes` is a thumbnail not stored yet (in the form).
#[component]
pub fn Thumb(doc: Document, #[prop(default = None)] bytes: Option<Arc<[u8]>>) -> impl IntoView {
    let app = use_app();
    let url = RwSignal::new(None::<String>);
    let owned = OwnedUrl::default();
    owned.revoke_on_cleanup();
    if let Some(b) = bytes {
        url.set(owned.make(&b, "image/jpeg"));
    } else if doc.thumb {
        let key = thumb_key(&doc.id);
        spawn_local(async move {
            if let Ok(Some(b)) = app.file(&key).await {
                if let Some(u) = owned.make(&b, "image/jpeg") {
                    url.try_set(Some(u));
                }
            }
        });
    }
    let label = doc.file_type.label();
    view! {
        <span class="thumb" aria-hidden="true">
            {move || match url.get() {
                Some(u) => view! { <img src=u alt="" /> }.into_any(),
                // The type is drawn by CSS: it is not text of the link that
                // holds the thumbnail (the link's name says what it opens).
                None => view! { <span class="tile" data-label=label></span> }.into_any(),
            }}
        </span>
    }
}

/// The thumbnails of an achievement in a list, each a link to its document.
#[component]
pub fn DocumentLinks(student_id: Id, docs: Vec<Document>) -> impl IntoView {
    let app = use_app();
    (!docs.is_empty()).then(|| {
        let titles = app.data.with_untracked(|p| {
            docs.iter()
                .map(|d| d.title(&p.catalogues))
                .collect::<Vec<_>>()
        });
        view! {
            <ul class="thumbs" aria-label="Подтверждающие документы">
                {docs
                    .into_iter()
                    .zip(titles)
                    .map(|(d, title)| {
                        let href = Route::Document(student_id.clone(), d.id.clone()).href();
                        let name = format!("Открыть документ: {title}");
                        view! {
                            <li>
                                <a class="thumb-link" href=href aria-label=name>
                                    <Thumb doc=d />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// «Подтверждающие документы» in the achievement form. Documents added
/// here are stored with the achievement when the form is saved; `pending`
/// holds their bytes until then.
#[component]
pub fn DocumentsFieldset<F>(
    form: RwSignal<F>,
    pending: StoredValue<Vec<NewFile>>,
    state: FormState,
    /// «Обработка файла 2 из 3…» while files are being prepared.
    processing: RwSignal<Option<String>>,
) -> impl IntoView
where
    F: WithDocuments + Send + Sync + 'static,
{
    let app = use_app();
    let rejected = RwSignal::new(Vec::<String>::new());
    let keep_original = RwSignal::new(false);
    let add = move |files: Vec<web_sys::File>| {
        if files.is_empty() || processing.get_untracked().is_some() {
            return;
        }
        rejected.set(Vec::new());
        spawn_local(async move {
            let n = files.len();
            let mut refused = Vec::new();
            for (i, file) in files.iter().enumerate() {
                // The form may be gone (the user left it while files were
                // being processed): then stop; reading a disposed signal panics.
                let Some(keep) = keep_original.try_get_untracked() else {
                    return;
                };
                let name = file.name();
                processing.set(Some(if n == 1 {
                    format!("Обработка файла «{name}»…")
                } else {
                    format!("Обработка файла {} из {n}: «{name}»…", i + 1)
                }));
                let prepared = device::prepare(file, keep).await;
                let Some(kind) = app.data.with_untracked(|d| {
                    form.try_with_untracked(|f| f.new_document_kind(&d.catalogues))
                }) else {
                    return;
                };
                let made = prepared.and_then(|p| {
                    let ctx = app.ctx();
                    let doc = Document::new(random_id(), kind, &name, &p, ctx.revision())?;
                    Ok((doc, p))
                });
                match made {
                    Ok((doc, p)) => {
                        pending.update_value(|v| {
                            v.push(NewFile {
                                id: doc.id.clone(),
                                bytes: p.bytes.into(),
                                thumb: p.thumb.map(Into::into),
                            })
                        });
                        form.update(|f| f.documents_mut().push(DocumentForm::from_document(&doc)));
                    }
                    Err(why) => refused.push(format!("Файл «{name}» не принят: {why}.")),
                }
            }
            rejected.set(refused);
            processing.set(None);
        });
    };
    let remove = move |id: Id| {
        form.update(|f| f.documents_mut().retain(|d| d.doc.id != id));
        pending.update_value(|v| v.retain(|f| f.id != id));
    };
    let list_error = state.error("documents");
    // Rows are rebuilt only when a document is added or removed (typing a
    // caption changes the form, not this list).
    let docs = Memo::new(move |_| {
        form.with(|f| {
            f.documents()
                .iter()
                .map(|d| d.doc.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <fieldset class="documents">
            <legend>"Подтверждающие документы"</legend>
            <p class="hint">"Дипломы, грамоты, сертификаты, а также творческие работы и презентации: фотографии, сканы, PDF, документы Word и PowerPoint. Фотографии уменьшаются до 2000 точек по длинной стороне."</p>
            <ul class="docs" aria-label="Прикреплённые документы">
                {move || docs.get().into_iter().map(|doc| view! { <DocumentRow doc=doc form=form pending=pending state=state on_remove=Callback::new(remove) /> }).collect_view()}
            </ul>
            {move || list_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="doc-add">
                <input
                    type="file"
                    id="a-doc-file"
                    class="visually-hidden"
                    multiple
                    accept="image/*,.heic,.heif,application/pdf,.pdf,.docx,.pptx,.xlsx,.odt,.odp,.ods"
                    disabled=move || processing.with(Option::is_some)
                    on:change=move |ev| add(device::take_files(&ev))
                />
                <label class="button" for="a-doc-file">"Добавить документ"</label>
                <input
                    type="file"
                    id="a-doc-camera"
                    class="visually-hidden"
                    accept="image/*"
                    capture="environment"
                    disabled=move || processing.with(Option::is_some)
                    on:change=move |ev| add(device::take_files(&ev))
                />
                <label class="button" for="a-doc-camera">"Сфотографировать"</label>
            </div>
            <CheckField id="a-doc-original" label="Сохранять фотографии без уменьшения (займут больше места)" checked=Signal::derive(move || keep_original.get()) on_change=move |v| keep_original.set(v) />
            <p class="progress" role="status">{move || processing.get()}</p>
            {move || {
                let list = rejected.get();
                (!list.is_empty()).then(|| view! {
                    <div class="notice error" role="alert">
                        {list.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
                    </div>
                })
            }}
        </fieldset>
    }
}

/// One attached document in the form: its thumbnail, «Вид документа»,
/// «Подпись» and «Удалить документ».
#[component]
fn DocumentRow<F>(
    doc: Document,
    /// The form holding the documents.
    form: RwSignal<F>,
    /// The bytes of documents added in this form.
    pending: StoredValue<Vec<NewFile>>,
    state: FormState,
    on_remove: Callback<Id>,
) -> impl IntoView
where
    F: WithDocuments + Send + Sync + 'static,
{
    let id = doc.id.clone();
    let thumb = pending.with_value(|v| v.iter().find(|f| f.id == id).and_then(|f| f.thumb.clone()));
    let field = |d: &Id, k: &str| DocumentForm::key_for(d, k);
    let get = {
        let id = id.clone();
        move |caption: bool| {
            let id = id.clone();
            Signal::derive(move || {
                form.with(|f| {
                    f.documents()
                        .iter()
                        .find(|d| d.doc.id == id)
                        .map(|d| {
                            if caption {
                                d.caption.clone()
                            } else {
                                d.kind_id.clone()
                            }
                        })
                        .unwrap_or_default()
                })
            })
        }
    };
    let set = {
        let id = id.clone();
        move |caption: bool| {
            let id = id.clone();
            Callback::new(move |v: String| {
                form.update(|f| {
                    if let Some(d) = f.documents_mut().iter_mut().find(|d| d.doc.id == id) {
                        if caption {
                            d.caption = v;
                        } else {
                            d.kind_id = v;
                        }
                    }
                })
            })
        }
    };
    let (kind_key, caption_key) = (field(&id, "kind"), field(&id, "caption"));
    let about = format!("{} · {}", doc.name, format_size(doc.size));
    let name = doc.name.clone();
    view! {
        <li class="doc">
            <Thumb doc=doc bytes=thumb />
            <div class="doc-fields">
                <p class="doc-name">{about}</p>
                <SelectField id=format!("a-{kind_key}") label="Вид документа" required=true options=catalogue_options(CatalogueKind::DocumentKinds) value=get(false) on_change=set(false) error=state.error(kind_key) empty="— выберите —" />
                <TextField id=format!("a-{caption_key}") label="Подпись" value=get(true) on_input=set(true) error=state.error(caption_key) hint="Необязательно: например, «за 1 место»" />
                <button type="button" class="danger" aria-label=format!("Удалить документ: {name}") on:click=move |_| on_remove.run(id.clone())>
                    "Удалить документ"
                </button>
            </div>
        </li>
    }
}

/// The record a document belongs to, as its page shows it.
struct Owner {
    about: String,
    back: Route,
    back_label: &'static str,
    edit: (Route, &'static str),
    title: String,
    doc: Document,
    file: String,
}

/// What the document page shows once the bytes are read.
#[derive(Clone)]
enum Loaded {
    Reading,
    Ready(String),
    Broken(String),
}

/// The student's name and the record that holds document `doc_id` (an
/// achievement or a reward), as the document page shows them.
fn owner_of(
    p: &portfolio_core::Portfolio,
    student_id: &Id,
    doc_id: &Id,
) -> Option<(String, Owner)> {
    let r = p.students.get(student_id)?;
    let of_achievement = r.achievements.iter().find_map(|a| {
        let i = a.documents.iter().position(|d| &d.id == doc_id)?;
        let d = a.documents[i].clone();
        let kind_name = p
            .catalogues
            .name(CatalogueKind::AchievementTypes, &a.type_id);
        let file = download_name(
            &r.student.personal.last_name,
            &kind_name,
            a.date,
            i + 1,
            d.file_type,
        );
        Some(Owner {
            about: format!("{} · {}", a.title, format_ru(a.date)),
            back: Route::Achievements(student_id.clone(), Default::default()),
            back_label: "достижения",
            edit: (
                Route::EditAchievement(student_id.clone(), a.id.clone()),
                "Изменить достижение",
            ),
            title: d.title(&p.catalogues),
            doc: d,
            file,
        })
    });
    let of_reward = || {
        r.rewards.iter().find_map(|x| {
            let i = x.documents.iter().position(|d| &d.id == doc_id)?;
            let d = x.documents[i].clone();
            let kind_name = p.catalogues.name(CatalogueKind::RewardKinds, &x.kind_id);
            let file = download_name(
                &r.student.personal.last_name,
                &kind_name,
                x.date,
                i + 1,
                d.file_type,
            );
            Some(Owner {
                about: x.describe(&p.catalogues),
                back: Route::Rewards(student_id.clone(), None),
                back_label: "поощрения",
                edit: (
                    Route::EditReward(student_id.clone(), x.id.clone()),
                    "Изменить поощрение",
                ),
                title: d.title(&p.catalogues),
                doc: d,
                file,
            })
        })
    };
    Some((r.student.full_name(), of_achievement.or_else(of_reward)?))
}

/// One document: the picture itself, or a PDF to open; download; delete.
#[component]
pub fn DocumentPage(student_id: Id, doc_id: Id) -> impl IntoView {
    let app = use_app();
    let found = app
        .data
        .with_untracked(|p| owner_of(p, &student_id, &doc_id));
    let Some((
        name,
        Owner {
            about,
            back,
            back_label,
            edit,
            title,
            doc,
            file: file_name,
        },
    )) = found
    else {
        return crate::pages::common::missing("Документ");
    };
    let notice = RwSignal::new(None::<Notice>);
    let loaded = RwSignal::new(Loaded::Reading);
    let owned = OwnedUrl::default();
    owned.revoke_on_cleanup();
    {
        let doc = doc.clone();
        spawn_local(async move {
            let result = match app.file(&file_key(&doc.id)).await {
                Ok(Some(bytes)) if doc.matches(&bytes) => owned
                    .make(&bytes, doc.file_type.mime())
                    .map(Loaded::Ready)
                    .unwrap_or(Loaded::Broken("Не удалось показать файл.".into())),
                Ok(Some(_)) => Loaded::Broken(
                    "Файл документа повреждён: его содержимое не совпадает с сохранённым. Прикрепите документ заново.".into(),
                ),
                Ok(None) => Loaded::Broken("Файл документа не найден на этом устройстве.".into()),
                Err(e) => Loaded::Broken(e.to_string()),
            };
            loaded.try_set(result);
        });
    }
    let delete = {
        let (sid, did, back, title) = (
            student_id.clone(),
            doc.id.clone(),
            back.clone(),
            title.clone(),
        );
        move |_| {
            if !crate::ui::confirm(&format!("Удалить документ «{title}»?")) {
                return;
            }
            let (sid, did, back, title) = (sid.clone(), did.clone(), back.clone(), title.clone());
            spawn_local(async move {
                let result = app
                    .edit_student(&sid, &[], |rec, _, _| {
                        for documents in rec.documents_mut() {
                            documents.retain(|d| d.id != did);
                        }
                        Ok(())
                    })
                    .await;
                match result {
                    Ok(()) => app.navigate_with(&back, format!("Документ «{title}» удалён.")),
                    Err(e) => {
                        notice.try_set(Some(Notice::Error(e.into())));
                    }
                }
            });
        }
    };
    let is_image = doc.file_type.is_image();
    let is_pdf = doc.file_type == portfolio_core::FileType::Pdf;
    let size = match (doc.width, doc.height) {
        (0, _) | (_, 0) => format_size(doc.size),
        (w, h) => format!("{} · {w}×{h}", format_size(doc.size)),
    };
    let details = format!("{} · {size}", doc.name);
    let full_screen = move |_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("document-image"))
        {
            let _ = el.request_fullscreen();
        }
    };
    let alt = title.clone();
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: {back_label}")}</a></nav>
        <h1>{title}</h1>
        <p class="muted">{about}</p>
        <p class="muted">{details}</p>
        <NoticeView notice=notice />
        {move || match loaded.get() {
            Loaded::Reading => view! { <p role="status">"Открываем файл…"</p> }.into_any(),
            Loaded::Broken(msg) => view! { <p class="notice error" role="alert">{msg}</p> }.into_any(),
            Loaded::Ready(url) => view! {
                {is_image.then(|| view! {
                    <img id="document-image" class="document-full" src=url.clone() alt=alt.clone() />
                    <button type="button" on:click=full_screen>"На весь экран"</button>
                })}
                {is_pdf.then(|| view! {
                    <a class="button primary" href=url.clone() target="_blank" rel="noopener">"Открыть PDF"</a>
                })}
                {(!is_image && !is_pdf).then(|| view! {
                    <p class="hint">"Этот файл браузер не показывает: скачайте его и откройте в программе на устройстве."</p>
                })}
                <a class="button" href=url download=file_name.clone()>"Скачать"</a>
            }.into_any(),
        }}
        <div class="actions">
            <a class="button" href=edit.0.href()>{edit.1}</a>
            <button type="button" class="danger" on:click=delete>"Удалить документ"</button>
        </div>
    }
    .into_any()
}
