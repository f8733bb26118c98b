//! «Открыть файл» as the screens show it: the file button, the passphrase
//! of an encrypted file, and the preview of what would change with
//! «Применить». Reading, merging and applying are `crate::exchange`.

use crate::browser::device;
use crate::exchange::{open_text, read_picked, signature_of, unlock, Pending};
use crate::state::use_app;
use crate::ui::field::InputKind;
use crate::ui::{CheckField, Notice, NoticeView, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::exchange::error::NOTHING_CHANGED;
use portfolio_core::exchange::merge::{Lines, Report};
use portfolio_core::exchange::sealed::Sealed;
use portfolio_core::exchange::sign::Signature;
use portfolio_core::exchange::{Opened, ReadError, Refused, SealedError, Why};

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

/// «Открыть файл»: reads a file (asking for its passphrase if it is
/// encrypted), shows what would change, and applies it on «Применить».
/// (Longer than most: it holds one file's whole way — picked or shared,
/// read, unlocked, previewed, applied — whose steps share its signals; the
/// preview is its own component.)
#[component]
pub fn Importer(
    /// The label of the file button.
    button: &'static str,
) -> impl IntoView {
    let app = use_app();
    let notice = RwSignal::new(None::<Notice>);
    let pending = RwSignal::new(None::<Pending>);
    let locked = RwSignal::new(None::<(String, Sealed)>);
    let pass = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let refused = move |e: Refused| {
        notice.try_set(Some(Notice::Error(e.to_string())));
    };
    let progress = move |done: u32| {
        notice.try_set(Some(Notice::Ok(format!("Проверяем файл… {done} %"))));
    };
    // A plain file goes to the preview (an archive to its own screen) once
    // its signature is judged, an encrypted one asks for its passphrase.
    let opened = move |name: String, result: Result<Opened, ReadError>, text: String| match result {
        Ok(Opened::Plain(env)) => spawn_local(async move {
            let signature = match signature_of(app, &text, &env).await {
                Ok(s) => s,
                Err(e) => {
                    notice.try_set(Some(Notice::Error(e.into())));
                    return;
                }
            };
            drop(text);
            match Pending::prepare(app, name, *env, signature) {
                Ok(p) => {
                    notice.try_set(None);
                    pending.try_set(p);
                }
                Err(e) => refused(e),
            }
        }),
        Ok(Opened::Sealed(s)) => {
            notice.try_set(None);
            pass.try_set(String::new());
            locked.try_set(Some((name, s)));
        }
        Err(e) => refused(Refused {
            file: name,
            why: Why::Read(e),
        }),
    };
    let read = move |name: String, text: String| {
        spawn_local(async move {
            let result = open_text(&text, progress).await;
            opened(name, result, text);
        });
    };
    let open = move |ev: leptos::ev::Event| {
        let Some(file) = device::take_files(&ev).into_iter().next() else {
            return;
        };
        pending.set(None);
        locked.set(None);
        notice.set(Some(Notice::Ok("Проверяем файл…".into())));
        spawn_local(async move {
            match read_picked(&file).await {
                Ok(text) => read(file.name(), text),
                Err(e) => {
                    notice.try_set(Some(Notice::Error(e)));
                }
            }
        });
    };
    // A file shared from another app (`pages::start::shared`) opens here.
    Effect::new(move |_| {
        if app.shared.with(Option::is_some) {
            if let Some((name, text)) = app.shared.try_update_untracked(Option::take).flatten() {
                read(name, text);
            }
        }
    });
    let submit_pass = move |ev: leptos::ev::SubmitEvent| {
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
            let result = unlock(&s, &p, progress).await;
            busy.try_set(false);
            // A wrong passphrase keeps the form, to try another.
            let wrong = SealedError::WrongPassphrase;
            if !matches!(&result, Err(ReadError::Sealed(e)) if *e == wrong || *e == SealedError::NoCrypto)
            {
                locked.try_set(None);
            }
            match result {
                Ok((o, text)) => opened(name, Ok(o), text),
                Err(e) => opened(name, Err(e), String::new()),
            }
        });
    };
    let apply = move |()| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let accepted = p.accept.iter().filter(|on| **on).count();
            let declined = p.accept.len() - accepted;
            let result = p.apply(app).await;
            busy.try_set(false);
            if result.is_ok() {
                // On a failure the preview stays, to try again.
                pending.try_set(None);
                // A fresh device (a family's phone, a new laptop) now has
                // something to keep: ask the browser to keep it.
                spawn_local(app.check_storage(true));
            }
            notice.try_set(Some(match result {
                Ok(()) if accepted + declined > 0 => Notice::Ok(format!(
                    "Данные из файла «{}» добавлены. Предложений семьи принято: {accepted}, отклонено: {declined}.",
                    p.name
                )),
                Ok(()) => Notice::Ok(format!("Данные из файла «{}» добавлены.", p.name)),
                Err(e) => Notice::Error(e.into()),
            }));
        });
    };
    let unlock_form = move || {
        locked.get().map(|(name, _)| {
            view! {
                <form class="unlock" on:submit=submit_pass novalidate>
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
    view! {
        <div class="doc-add">
            <input type="file" id="import-file" class="visually-hidden" accept=".json,application/json" on:change=open />
            <label class="button" for="import-file">{button}</label>
        </div>
        {unlock_form}
        <NoticeView notice=notice />
        <Preview pending=pending busy=busy on_apply=Callback::new(apply) />
    }
}

/// What a file would change, with «Применить» and «Отмена»; records
/// changed outside the app wait for «Принять и эти записи».
#[component]
fn Preview(
    /// The file read and merged into a copy.
    pending: RwSignal<Option<Pending>>,
    /// A save is under way.
    busy: RwSignal<bool>,
    /// «Применить».
    on_apply: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    // The user confirms the records changed outside the app: merge again,
    // taking them (the copies here go to «Архив версий»).
    let accept = move |_| {
        if let Some(p) = pending.get_untracked() {
            pending.set(Some(p.accepting_changed(app)));
        }
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
    // The teacher says an unsigned file (or one of a device set up apart)
    // comes from a school device: merge it again as the school's.
    let confirm = move |_| {
        if let Some(p) = pending.get_untracked() {
            pending.set(Some(p.confirming_school(app)));
        }
    };
    // Why a school or class file is not taken as the school's.
    let signature = move |p: &Pending| {
        let unproven = p.awaits_confirmation();
        let (text, may_confirm) = match p.signature? {
            Signature::School => return None,
            Signature::Missing if unproven => ("Файл без подписи школы. Так сохраняла файлы прежняя версия «Портфолио» — но так же выглядит и файл, составленный вне приложения. Пока вы не подтвердите, что он с устройства школы, ничего из него не применяется: всё, что он изменил бы, показано ниже как предложения.", true),
            Signature::OtherKey if unproven => ("Файл подписан ключом другого устройства, не этой школы: устройство, где его сохранили, настроено отдельно от этого — или файл составлен вне приложения. Пока вы не подтвердите, что он с устройства школы, ничего из него не применяется: всё, что он изменил бы, показано ниже как предложения.", true),
            Signature::Broken => ("Подпись школы не совпадает с содержимым: файл изменили после того, как его сохранили. Ничего из него не применяется: всё, что он изменил бы, показано ниже как предложения. Если исправления верные, внесите их сами или попросите сохранить файл заново.", false),
            _ => ("Файл принят как файл устройства школы: вы подтвердили, что он с устройства школы.", false),
        };
        Some(view! {
            <div class=if unproven { "notice error" } else { "notice" } role=if unproven { "alert" } else { "status" }>
                <p>{text}</p>
                {may_confirm.then(|| view! {
                    <button type="button" on:click=confirm>"Файл с устройства школы: применить его"</button>
                })}
            </div>
        })
    };
    // The family's proposals to correct the school's achievements: each
    // before → after with the family's comment, taken only when ticked.
    let decisions = move |p: &Pending| {
        let items = p.report.decisions.clone();
        (!items.is_empty()).then(|| {
            let n = items.len();
            view! {
                <div class="notice proposals">
                    <h3>{format!("Предложения семьи: {n}")}</h3>
                    <ul class="preview">
                        {items.into_iter().enumerate().map(|(i, d)| {
                            let ticked = Signal::derive(move || pending.with(|p| p.as_ref().and_then(|p| p.accept.get(i).copied()).unwrap_or(false)));
                            let tick = move |on: bool| pending.update(|p| {
                                if let Some(slot) = p.as_mut().and_then(|p| p.accept.get_mut(i)) {
                                    *slot = on;
                                }
                            });
                            view! {
                                <li>
                                    <p>{format!("{}: {}", d.what, if d.changes.is_empty() { "без изменений полей".to_string() } else { d.changes.join("; ") })}</p>
                                    {(!d.proposal.comment.is_empty()).then(|| view! { <p class="muted">{format!("Комментарий семьи: «{}»", d.proposal.comment)}</p> })}
                                    <CheckField id=format!("accept-{i}") label=format!("Принять исправление: {}", d.proposal.proposed.title) checked=ticked on_change=tick />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="hint">"Отмеченные исправления будут внесены как исправления школы; неотмеченные — отклонены. Семья увидит ответ в следующем файле от учителя."</p>
                </div>
            }
        })
    };
    // What a family's file would change in the school's records: shown,
    // never applied.
    let proposals = |r: &Report, unproven: bool| {
        (!r.proposals.is_empty()).then(|| {
            view! {
                <div class="notice">
                    {lines(if unproven { "Предложения — не применяются" } else { "Предложения семьи — не применяются" }, &r.proposals)}
                    {(!unproven).then(|| view! { <p>"Записи, внесённые школой, семья изменить или удалить не может. Если исправление верное, внесите его сами в карточке ученика."</p> })}
                </div>
            }
        })
    };
    let preview = move || {
        pending.get().map(|p| {
            let r = &p.report;
            if r.is_empty() {
                let text = if r.proposals.is_empty() {
                    format!("В файле «{}» нет ничего нового: всё уже есть на этом устройстве. {NOTHING_CHANGED}", p.name)
                } else if p.awaits_confirmation() {
                    format!("Из файла «{}» ничего не применено: не доказано, что он с устройства школы. {NOTHING_CHANGED}", p.name)
                } else {
                    format!("Из файла «{}» применять нечего: семья предлагает исправить записи школы. {NOTHING_CHANGED}", p.name)
                };
                return view! {
                    <div class="notice ok"><p role="status">{text}</p></div>
                    {signature(&p)}
                    {proposals(r, p.awaits_confirmation())}
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
                    {decisions(&p)}
                    {signature(&p)}
                    {proposals(r, p.awaits_confirmation())}
                    {changed_outside(r, p.accepted)}
                    {lines("Удалено", &r.deleted)}
                    {lines("Не восстановлено (удалено на этом устройстве)", &r.not_restored)}
                    <p class="muted">{format!("Без изменений: {}; новее на этом устройстве: {}.", r.unchanged, r.newer_here)}</p>
                    {p.position.clone().map(|pos| view! { <p>{format!("Место в классе по данным учителя: {pos}.")}</p> })}
                    {(p.left_out > 0).then(|| view! { <p class="hint">{format!("Файл сохранён без документов; не перенесено документов: {}. Откройте потом файл с документами — они добавятся к этим записям.", p.left_out)}</p> })}
                    <div class="actions">
                        <button type="button" class="primary" disabled=busy on:click=move |_| on_apply.run(())>"Применить"</button>
                        <button type="button" on:click=move |_| pending.set(None)>"Отмена"</button>
                    </div>
                </section>
            }
            .into_any()
        })
    };
    preview
}
