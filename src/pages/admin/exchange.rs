//! «Администрирование → Резервная копия и обмен»: saving the school, a class
//! or one child's package to a file, and opening a file: it is checked,
//! merged into a copy, shown as a preview, and applied only on «Применить»,
//! in one transaction. Any file may be encrypted with a passphrase. The
//! parents' screen uses the same pieces.

use crate::browser::{crypto, device};
use crate::pages::admin::AdminHeader;
use crate::state::{use_app, AppState};
use crate::ui::field::InputKind;
use crate::ui::{CheckField, Notice, NoticeView, SelectField, TextField};
use js_sys::{Array, Function, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::delta::{self, Known};
use portfolio_core::exchange::{
    self, drop_missing_documents, export, export_skeleton, file_keys, file_name, into_portfolio,
    new_files, to_json_parts, to_portfolio, Envelope, Opened, PartRead, Scope, Writer,
};
use portfolio_core::id::Context;
use portfolio_core::merge::{merge, merge_accepting, Lines, Report};
use portfolio_core::sealed::{self, passphrase_problem};
use portfolio_core::stored::NewFile;
use portfolio_core::{Id, Portfolio};
use std::collections::BTreeMap;
use wasm_bindgen::{JsCast, JsValue};

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

/// Hands the file to the phone's share sheet (Web Share API, level 2).
/// `None`: this browser cannot share files, or refused now — download
/// instead; `Some(Err)`: the user closed the sheet.
async fn share(text: &str, name: &str) -> Option<Result<(), String>> {
    let nav: JsValue = web_sys::window()?.navigator().into();
    let method = |m: &str| {
        Reflect::get(&nav, &m.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let (can_share, share) = (method("canShare")?, method("share")?);
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type("application/json");
    let file =
        web_sys::File::new_with_str_sequence_and_options(&Array::of1(&text.into()), name, &bag)
            .ok()?;
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(&file));
    let _ = Reflect::set(&data, &"title".into(), &name.into());
    if can_share.call1(&nav, &data).ok()?.as_bool() != Some(true) {
        return None;
    }
    let promise = share
        .call1(&nav, &data)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Some(Ok(())),
        Err(e) => {
            let why = Reflect::get(&e, &"name".into()).ok()?.as_string();
            (why.as_deref() == Some("AbortError")).then(|| Err("Отправка отменена.".into()))
        }
    }
}

/// How to write a file.
#[derive(Clone, Copy, Default)]
pub(crate) struct SaveOptions {
    /// Embed the documents' bytes.
    pub include: bool,
    /// Offer the share sheet first (a parent's «Отправить учителю»).
    pub share: bool,
    /// A child's file: only what the other side does not have yet, when
    /// this device knows what it has.
    pub changes: bool,
}

/// What this device knows the other side has of the child (see `delta`).
pub(crate) async fn known_of(app: AppState, student_id: &Id) -> Option<Known> {
    let text = app.meta_text(&delta::known_key(student_id)).await.ok()??;
    delta::recall(Some(&text))
}

/// The stored bytes under `keys`.
async fn read_files(app: AppState, keys: Vec<String>) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut m = BTreeMap::new();
    for key in keys {
        if let Some(b) = app.file(&key).await.map_err(|e| e.to_string())? {
            m.insert(key, b);
        }
    }
    Ok(m)
}

/// Writes the file of `scope` and offers it as a download (or to the share
/// sheet); says what happened.
async fn save_to_file(
    app: AppState,
    scope: Scope,
    opt: SaveOptions,
    pass: Option<String>,
) -> Result<(String, String), String> {
    let p = app.data.get_untracked();
    let ctx = app.ctx();
    let device = ctx.device().to_string();
    let by = Writer {
        now: ctx.now(),
        device: &device,
        app_version: env!("CARGO_PKG_VERSION"),
    };
    let child = match &scope {
        Scope::Student { student_id } => Some(student_id.clone()),
        _ => None,
    };
    let known = match &child {
        Some(id) => known_of(app, id).await,
        None => None,
    };
    let thin = known.as_ref().filter(|_| opt.changes && opt.include);
    let (mut env, students) = match (thin, &child) {
        (Some(k), Some(id)) => {
            let files = read_files(app, delta::file_keys(&p, id, k)).await?;
            let env = delta::thin(export(&p, &scope, None, &by)?, k, &files)?;
            (env, Vec::new())
        }
        _ => {
            let files = if opt.include {
                Some(read_files(app, file_keys(&p, &scope)).await?)
            } else {
                None
            };
            export_skeleton(&p, &scope, files.as_ref(), &by)?
        }
    };
    if app.parent.get_untracked() {
        // A family's device knows only its own child: a place «из 1» means nothing.
        env.data.class_position = None;
    }
    // The text in parts: the records unchanged since they were stored are
    // copied as storage holds them, not written again.
    let parts = crate::state::with_stored_texts(|stored| to_json_parts(&env, &students, stored));
    let length: usize = parts.iter().map(|p| p.len()).sum();
    let mut name = file_name(&p, &scope, ctx.today());
    if env.data.base.is_some() {
        name = format!("Изменения_{name}");
    }
    let size = portfolio_core::document::format_size(length as u64);
    // The whole text, where it is needed at once: to encrypt, to share.
    let mut text =
        (pass.is_some() || opt.share).then(|| parts.iter().map(|p| &**p).collect::<String>());
    if let (Some(pass), Some(plain)) = (&pass, &text) {
        text = Some(sealed::seal(
            &crypto::encrypt(plain.as_bytes(), pass).await?,
        ));
    }
    let shared = match (&text, opt.share) {
        (Some(t), true) => share(t, &name).await,
        _ => None,
    };
    let message = match shared {
        Some(Ok(())) => format!("Файл «{name}» передан."),
        Some(Err(e)) => return Err(e),
        None => {
            match &text {
                Some(t) => device::download(t.as_bytes(), &name, "application/json")?,
                None => device::download_parts(
                    parts.iter().map(|p| p.as_bytes()),
                    &name,
                    "application/json",
                )?,
            }
            format!("Файл «{name}» сохранён в папку загрузок.")
        }
    };
    // Said after the caller's words: the size, and why it is whole.
    let mut tail = format!(" Размер файла: {size}.");
    if opt.changes && thin.is_none() && child.is_some() {
        tail.push_str(if app.parent.get_untracked() {
            " Файл от учителя на этом устройстве ещё не открывался, поэтому сохранено всё портфолио ребёнка."
        } else {
            " Этому ученику файл ещё не сохранялся, поэтому сохранено всё портфолио ребёнка."
        });
    }
    if let (Some(id), false) = (&child, app.parent.get_untracked()) {
        // The teacher's device remembers what the family will have; a
        // family's remembers only what it received.
        if opt.include {
            // The file's records: its skeleton and the students given apart.
            let mut written = to_portfolio(&env.data);
            for r in students {
                written.students.insert(r.student.id.clone(), r);
            }
            let k = Known::after(
                &written,
                env.data.base.as_ref(),
                &p,
                known.as_ref(),
                env.exported_at,
            );
            app.commit(&[delta::remember(id, &k)]).await?;
        }
    }
    if scope == Scope::School {
        app.backup_saved(ctx.now());
    }
    Ok((message, tail))
}

/// A «save a file» button's state: busy while the file is built, its
/// message, and whether a file was saved.
#[derive(Clone, Copy)]
pub(crate) struct FileSaver {
    pub busy: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    pub saved: RwSignal<bool>,
}

impl FileSaver {
    pub fn new() -> FileSaver {
        FileSaver {
            busy: RwSignal::new(false),
            notice: RwSignal::new(None),
            saved: RwSignal::new(false),
        }
    }

    /// Builds the file of `scope` and offers it; `pass` is what the
    /// passphrase fields gave. `after` is added to the success message.
    pub fn run(
        self,
        app: AppState,
        scope: Scope,
        opt: SaveOptions,
        pass: Result<Option<String>, String>,
        after: &'static str,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let pass = match pass {
            Ok(p) => p,
            Err(e) => {
                self.notice.set(Some(Notice::Error(e)));
                return;
            }
        };
        self.busy.set(true);
        self.notice.set(Some(Notice::Ok(if pass.is_some() {
            "Готовим и шифруем файл…".into()
        } else {
            "Готовим файл…".into()
        })));
        spawn_local(async move {
            let result = save_to_file(app, scope, opt, pass).await;
            self.busy.try_set(false);
            if result.is_ok() {
                self.saved.try_set(true);
            }
            self.notice.try_set(Some(match result {
                Ok((m, tail)) => Notice::Ok(format!("{m}{after}{tail}")),
                Err(e) => Notice::Error(e),
            }));
        });
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

/// «Зашифровать паролем» with the passphrase typed twice. Gives the
/// passphrase to use (`Ok(None)`: no encryption) or what is wrong.
pub(crate) fn passphrase_fields(
    prefix: &'static str,
) -> (AnyView, impl Fn() -> Result<Option<String>, String> + Copy) {
    let on = RwSignal::new(false);
    let pass = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let view = view! {
        <CheckField id=format!("{prefix}-encrypt") label="Зашифровать паролем" checked=on on_change=move |v| on.set(v) />
        {move || on.get().then(|| view! {
            <TextField id=format!("{prefix}-pass") label="Пароль для файла" kind=InputKind::Password value=pass on_input=move |v| pass.set(v)
                hint="Не короче 8 символов. Сообщите пароль получателю отдельно от файла (не в том же сообщении): без пароля файл не открыть." />
            <TextField id=format!("{prefix}-pass2") label="Пароль ещё раз" kind=InputKind::Password value=again on_input=move |v| again.set(v) />
        })}
    }
    .into_any();
    let get = move || {
        if !on.get_untracked() {
            return Ok(None);
        }
        let (p, a) = (pass.get_untracked(), again.get_untracked());
        match passphrase_problem(&p, &a) {
            Some(e) => Err(e),
            None => Ok(Some(p)),
        }
    };
    (view, get)
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
            .map(|t| portfolio_core::date::format_ru(t.date_naive()))
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
    let years = Signal::derive(move || {
        app.data.with(|p| {
            p.years_in_use()
                .into_iter()
                .rev()
                .map(|y| (y.to_string(), portfolio_core::school_year::year_label(y)))
                .collect::<Vec<_>>()
        })
    });
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

/// Lets the page draw and answer input: resolves on the next task.
async fn breathe() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A file's bytes as text: UTF-8, a byte-order mark dropped (as an editor
/// on Windows may add); `None` for anything else.
fn text_of(mut bytes: Vec<u8>) -> Option<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).ok()
}

/// Files larger than this are read a part at a time.
const IN_PARTS_FROM: usize = 1 << 20;
/// How long one part may keep the page busy, in milliseconds.
const PART_MS: f64 = 40.0;

/// Reads a file the app wrote. A large plain file is read in parts (see
/// `exchange::PartRead`): the page answers between them and `progress` hears
/// how far it is (percent); anything else — and any problem, for its exact
/// message — is read whole.
async fn open_file(text: &str, progress: impl Fn(u32)) -> Result<Opened, String> {
    if text.len() < IN_PARTS_FROM {
        return exchange::open(text);
    }
    let Some(mut r) = PartRead::start(text, crate::state::known_texts()) else {
        return exchange::open(text);
    };
    breathe().await;
    let mut done = 0.0;
    while !r.done() {
        let started = js_sys::Date::now();
        while !r.done() && js_sys::Date::now() - started < PART_MS {
            match r.step(4) {
                Some(d) => done = d,
                None => return exchange::open(text),
            }
        }
        progress((done * 100.0) as u32);
        breathe().await;
    }
    match r.finish() {
        Some(env) => Ok(Opened::Plain(Box::new(env))),
        None => exchange::open(text),
    }
}

/// A file read and merged into a copy, waiting for «Применить».
#[derive(Clone)]
struct Pending {
    name: String,
    here: Portfolio,
    /// The file's records (to merge again when records changed outside the
    /// app are accepted).
    incoming: Portfolio,
    accepted: bool,
    merged: Portfolio,
    report: Report,
    files: Vec<NewFile>,
    left_out: usize,
    position: Option<String>,
    /// A child's file: the child, what its file left out, when it was
    /// written — to remember what the other side has once it is applied.
    child: Option<(Id, Option<delta::Base>, i64)>,
}

fn lines(title: &'static str, items: &Lines) -> impl IntoView {
    let n = items.len();
    let shown = items.named().to_vec();
    let more = n - shown.len();
    (n > 0).then(|| {
        view! {
            <h3>{format!("{title}: {n}")}</h3>
            <ul class="preview">
                {shown.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                {(more > 0).then(|| view! { <li>{format!("… и ещё {more}")}</li> })}
            </ul>
        }
    })
}

/// Merges a checked file into a copy of the data.
fn prepare(app: AppState, name: String, mut env: Envelope) -> Result<Pending, String> {
    if app.parent.get_untracked() && !matches!(env.scope, Scope::Student { .. }) {
        // П2 §6.4: a family keeps its own child's data only.
        let n = env.data.students.len();
        return Err(format!(
            "«{name}» — файл {} ({n} {}), а не одного ребёнка: на телефоне родителей хранятся только данные своего ребёнка. Попросите учителя сохранить файл «Для родителей». Ничего не изменено.",
            if env.scope == Scope::School { "всей школы" } else { "класса" },
            portfolio_core::text::plural(n, "ученик", "ученика", "учеников"),
        ));
    }
    let here = app.data.get_untracked();
    // What the file's embedded bytes bring, and what a file of changes
    // needs, before its records are taken out of it (not copied).
    let files = new_files(&env.data, &here);
    let embedded: Vec<String> = env.data.files.iter().map(|f| f.key.clone()).collect();
    let base = env.data.base.take();
    let child = match &env.scope {
        Scope::Student { student_id } => Some((student_id.clone(), base.clone(), env.exported_at)),
        _ => None,
    };
    let position = env.data.class_position.as_ref().map(|p| p.describe());
    let included = env.data.documents_included;
    let mut incoming = into_portfolio(env.data);
    let left_out = if included {
        0
    } else {
        drop_missing_documents(&mut incoming, &here)
    };
    let (merged, report) = merge(&here, &incoming, app.ctx().now());
    // A file of changes needs what it continues: refused whole otherwise.
    let missing = delta::lacking(
        base.as_ref(),
        &embedded.iter().map(String::as_str).collect(),
        &incoming,
        &here,
        &merged,
    );
    if !missing.is_empty() {
        let since = base.as_ref().map(|b| b.since).unwrap_or_default();
        let from = if app.parent.get_untracked() {
            "учителя"
        } else {
            "родителей"
        };
        return Err(delta::lacking_message(&name, since, &missing, from));
    }
    Ok(Pending {
        name,
        here,
        incoming,
        accepted: false,
        merged,
        report,
        files,
        left_out,
        position,
        child,
    })
}

/// «Открыть файл»: reads a file (asking for its passphrase if it is
/// encrypted), shows what would change, and applies it on «Применить».
#[component]
pub(crate) fn Importer(
    /// The label of the file button.
    button: &'static str,
) -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let pending = RwSignal::new(None::<Pending>);
    let locked = RwSignal::new(None::<(String, sealed::Sealed)>);
    let pass = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let show = move |r: Result<Pending, String>| match r {
        Ok(p) => {
            notice.try_set(None);
            pending.try_set(Some(p));
        }
        Err(e) => {
            notice.try_set(Some(Notice::Error(e)));
        }
    };
    // Checks a file's text: a plain file goes to the preview, an encrypted
    // one asks for its passphrase.
    // An archive of a school year opens read-only on its own screen.
    let take = move |name: String, env: Envelope| {
        match env.scope {
        Scope::Archive { start_year } if !app.parent.get_untracked() => {
            notice.try_set(None);
            crate::pages::archive::open(app, start_year, &env);
        }
        Scope::Archive { .. } => show(Err(format!(
            "«{name}» — архив учебного года всей школы: он открывается только на устройстве школы. Ничего не изменено."
        ))),
        _ => show(prepare(app, name, env)),
    }
    };
    let progress = move |done: u32| {
        notice.try_set(Some(Notice::Ok(format!("Проверяем файл… {done} %"))));
    };
    let opened = move |name: String, result: Result<Opened, String>| match result {
        Ok(Opened::Plain(env)) => take(name, *env),
        Ok(Opened::Sealed(s)) => {
            notice.try_set(None);
            pass.try_set(String::new());
            locked.try_set(Some((name, s)));
        }
        Err(e) => show(Err(format!("«{name}»: {e} Ничего не изменено."))),
    };
    let read = move |name: String, text: String| {
        spawn_local(async move {
            let result = open_file(&text, progress).await;
            opened(name, result);
        });
    };
    let open = move |ev: leptos::ev::Event| {
        let Some(file) = crate::pages::student::documents::take_files(&ev)
            .into_iter()
            .next()
        else {
            return;
        };
        pending.set(None);
        locked.set(None);
        notice.set(Some(Notice::Ok("Проверяем файл…".into())));
        spawn_local(async move {
            let name = file.name();
            // As bytes, not as a JS string: turning 20 MB of text into the
            // app's string took longer than the page may stand still.
            let text = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .ok()
                .and_then(|b| text_of(js_sys::Uint8Array::new(&b).to_vec()));
            breathe().await;
            match text {
                Some(text) => read(name, text),
                None => show(Err(format!(
                    "Файл «{name}» не прочитан: это не текстовый файл."
                ))),
            }
        });
    };
    // A file shared from another app (`pages::shared`) opens here.
    Effect::new(move |_| {
        if app.shared.with(Option::is_some) {
            if let Some((name, text)) = app.shared.try_update_untracked(Option::take).flatten() {
                read(name, text);
            }
        }
    });
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((name, s)) = locked.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        notice.set(Some(Notice::Ok("Расшифровываем файл…".into())));
        let p = pass.get_untracked();
        spawn_local(async move {
            let result = crypto::decrypt(&s, &p).await.and_then(|plain| {
                String::from_utf8(plain).map_err(|_| sealed::WRONG_PASSPHRASE.to_string())
            });
            busy.try_set(false);
            match result {
                Ok(text) => {
                    locked.try_set(None);
                    let result = match open_file(&text, progress).await {
                        // An encrypted file inside an encrypted one is not ours.
                        Ok(Opened::Sealed(_)) => {
                            exchange::parse(&text).map(|e| Opened::Plain(Box::new(e)))
                        }
                        other => other,
                    };
                    opened(name, result);
                }
                Err(e) => show(Err(format!("«{name}»: {e}"))),
            }
        });
    };
    let apply = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let keys = p.report.keys.clone();
            // What the sender has of the child, kept in the same transaction.
            let mut also = Vec::new();
            if let Some((id, base, at)) = &p.child {
                let before = known_of(app, id).await;
                let k = Known::after(&p.incoming, base.as_ref(), &p.merged, before.as_ref(), *at);
                also.push(delta::remember(id, &k));
            }
            let result = app
                .apply_noting(&p.files, also, |data, _| {
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
                // A fresh device (a family's phone, a new laptop) now has
                // something to keep: ask the browser to keep it.
                spawn_local(app.check_storage(true));
            }
            notice.try_set(Some(match result {
                Ok(()) => Notice::Ok(format!("Данные из файла «{}» добавлены.", p.name)),
                Err(e) => Notice::Error(e),
            }));
        });
    };
    let unlock_form = move || {
        locked.get().map(|(name, _)| {
            view! {
                <form class="unlock" on:submit=unlock novalidate>
                    <p>{format!("Файл «{name}» зашифрован. Введите пароль, который сообщил отправитель.")}</p>
                    <TextField id="import-pass" label="Пароль файла" kind=InputKind::Password value=pass on_input=move |v| pass.set(v) />
                    <div class="actions">
                        <button type="submit" class="primary" disabled=busy>"Расшифровать"</button>
                        <button type="button" on:click=move |_| locked.set(None)>"Отмена"</button>
                    </div>
                </form>
            }
        })
    };
    // The user confirms the records changed outside the app: merge again,
    // taking them (the copies here go to «Архив версий»).
    let accept = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let (merged, report) = merge_accepting(&p.here, &p.incoming, app.ctx().now(), true);
        pending.set(Some(Pending {
            merged,
            report,
            accepted: true,
            ..p
        }));
    };
    let changed_outside = move |r: &Report, accepted: bool| {
        (!r.changed_outside.is_empty()).then(|| {
            view! {
                <div class="notice error" role="alert">
                    {lines("Запись изменена вне приложения", &r.changed_outside)}
                    {if accepted {
                        view! { <p>"Эти записи будут взяты из файла; копии с этого устройства сохранятся в «Архиве версий»."</p> }.into_any()
                    } else {
                        view! {
                            <p>"В файле эти записи отличаются от копий на этом устройстве, хотя версия та же: файл изменили вручную или он повреждён. Они не будут применены, пока вы не подтвердите."</p>
                            <button type="button" on:click=accept>"Принять и эти записи"</button>
                        }.into_any()
                    }}
                </div>
            }
        })
    };
    let preview = move || {
        pending.get().map(|p| {
            let r = &p.report;
            if r.is_empty() {
                return view! {
                    <div class="notice ok"><p role="status">{format!("В файле «{}» нет ничего нового: всё уже есть на этом устройстве. Ничего не изменено.", p.name)}</p></div>
                    {changed_outside(r, p.accepted)}
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
                    {changed_outside(r, p.accepted)}
                    {lines("Удалено", &r.deleted)}
                    {lines("Не восстановлено (удалено на этом устройстве)", &r.not_restored)}
                    <p class="muted">{format!("Без изменений: {}; новее на этом устройстве: {}.", r.unchanged, r.newer_here)}</p>
                    {p.position.clone().map(|pos| view! { <p>{format!("Место в классе по данным учителя: {pos}.")}</p> })}
                    {(p.left_out > 0).then(|| view! { <p class="hint">{format!("Файл сохранён без документов; не перенесено документов: {}. Откройте потом файл с документами — они добавятся к этим записям.", p.left_out)}</p> })}
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
        <div class="doc-add">
            <input type="file" id="import-file" class="visually-hidden" accept=".json,application/json" on:change=open />
            <label class="button" for="import-file">{button}</label>
        </div>
        {unlock_form}
        <NoticeView notice=notice />
        {preview}
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
                .map(|(i, l)| {
                    (
                        i,
                        l.what.clone(),
                        l.lost_at,
                        portfolio_core::merge::lost_details(l, p),
                    )
                })
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
                    let (what, keys) =
                        portfolio_core::merge::restore(p, index, &ctx.revision(), ctx.now())?;
                    Ok((what, keys))
                })
                .await;
            notice.try_set(Some(match result {
                Ok(what) => Notice::Ok(format!(
                    "Версия возвращена: {what}. Заменённая версия сохранена в архиве."
                )),
                Err(e) => Notice::Error(e),
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
                                .map(|t| portfolio_core::date::format_ru(t.date_naive()))
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
