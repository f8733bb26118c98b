//! «Администрирование → Справочники» (П1 §5.1): add, rename and delete
//! entries; deletion of an entry in use is refused by the core's rule.

use crate::route::Route;
use crate::state::{random_id, use_app};
use crate::ui::notice::use_notice;
use crate::ui::{FormState, Notice, NoticeView, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};

/// The heading of «Справочники» and its tabs: the seven catalogues and
/// «Баллы рейтинга» (`None`).
pub fn catalogue_tabs(current: Option<CatalogueKind>) -> impl IntoView {
    view! {
        <crate::pages::admin::AdminHeader current=0 />
        <h2>"Справочники"</h2>
        <nav class="tabs wrap" aria-label="Справочники">
            {CatalogueKind::ALL
                .iter()
                .map(|&k| {
                    view! {
                        <a href=Route::Catalogue(k).href() aria-current=(Some(k) == current).then_some("page")>
                            {k.title()}
                        </a>
                    }
                })
                .collect_view()}
            <a href=Route::Points.href() aria-current=current.is_none().then_some("page")>"Баллы рейтинга"</a>
        </nav>
    }
}

#[component]
pub fn CataloguePage(kind: CatalogueKind) -> impl IntoView {
    view! {
        {catalogue_tabs(Some(kind))}
        <h3>{kind.title()}</h3>
        <AddEntryForm kind=kind />
        <EntryList kind=kind />
    }
}

#[component]
fn AddEntryForm(kind: CatalogueKind) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        spawn_local(async move {
            let result = app
                .edit_catalogues(|p, ctx| {
                    let (n, r) = (name.get_untracked(), role.get_untracked());
                    let id = p
                        .catalogues
                        .add(kind, &n, &r, random_id(), ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    Ok(p.catalogues.name(kind, &id))
                })
                .await;
            if result.is_ok() {
                name.set(String::new());
                role.set(String::new());
            }
            state.end(result.map(|n| Some(format!("«{n}» добавлено в справочник."))));
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextField id="entry-name" label=kind.new_label() value=name on_input=move |v| name.set(v) error=state.error("name") />
            {(kind == CatalogueKind::Staff).then(|| view! {
                <TextField id="entry-role" label="Должность" value=role on_input=move |v| role.set(v) hint="Например: учитель начальных классов" />
            })}
            <NoticeView notice=state.notice />
            <button type="submit" class="primary" disabled=state.busy>"Добавить"</button>
        </form>
    }
}

#[component]
fn EntryList(kind: CatalogueKind) -> impl IntoView {
    let app = use_app();
    let notice = use_notice();
    let editing = RwSignal::new(None::<Id>);
    let delete = move |id: Id, name: String| {
        if !crate::ui::confirm(&format!("Удалить «{name}» из справочника?")) {
            return;
        }
        spawn_local(async move {
            let result = app
                .edit_catalogues(|p, _| {
                    let uses = p.usage(kind, &id);
                    let removed = p.catalogues.delete(kind, &id, uses)?;
                    Ok(removed.name)
                })
                .await;
            notice.set(Some(match result {
                Ok(n) => Notice::Ok(format!("«{n}» удалено из справочника.")),
                Err(e) => Notice::Error(e.into()),
            }));
        });
    };
    move || {
        let entries = app.data.with(|p| p.catalogues.list(kind).clone());
        if entries.is_empty() {
            return view! { <p class="empty">"Справочник пуст."</p> }.into_any();
        }
        view! {
            <ul class="entries" aria-label=kind.title()>
                {entries
                    .into_iter()
                    .map(|e| {
                        let (id, name) = (e.id.clone(), e.name.clone());
                        let is_editing = {
                            let id = id.clone();
                            move || editing.with(|x| x.as_ref() == Some(&id))
                        };
                        let id2 = id.clone();
                        let entry = e.clone();
                        view! {
                            <li>
                                {move || if is_editing() {
                                    view! { <RenameForm kind=kind entry=entry.clone() editing=editing /> }.into_any()
                                } else {
                                    let (id, name) = (id.clone(), name.clone());
                                    let id2 = id2.clone();
                                    let role = entry.role.clone();
                                    view! {
                                        <span class="entry-name">{name.clone()}</span>
                                        {(!role.is_empty()).then(|| view! { <span class="muted">{format!(" — {role}")}</span> })}
                                        <span class="actions">
                                            <button type="button" aria-label=format!("Переименовать: {name}") on:click=move |_| editing.set(Some(id2.clone()))>
                                                "Переименовать"
                                            </button>
                                            <button type="button" class="danger" aria-label=format!("Удалить: {name}") on:click={
                                                let name = name.clone();
                                                move |_| delete(id.clone(), name.clone())
                                            }>
                                                "Удалить"
                                            </button>
                                        </span>
                                    }
                                    .into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}

#[component]
fn RenameForm(
    kind: CatalogueKind,
    entry: portfolio_core::Entry,
    editing: RwSignal<Option<Id>>,
) -> impl IntoView {
    let app = use_app();
    let page_notice = use_notice();
    let name = RwSignal::new(entry.name.clone());
    let role = RwSignal::new(entry.role.clone());
    let state = FormState::new();
    let id = entry.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            let result = app
                .edit_catalogues(|p, ctx| {
                    let (n, r) = (name.get_untracked(), role.get_untracked());
                    p.catalogues
                        .rename(kind, &id, &n, &r, ctx.revision())
                        .map_err(|e| state.invalid(e))?;
                    Ok(())
                })
                .await;
            if result.is_ok() {
                // The form closes; the message goes to the page.
                editing.set(None);
                page_notice.set(Some(Notice::Ok("Изменения сохранены.".into())));
            }
            state.end(result.map(|_| None));
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextField
                id=format!("rename-{}", entry.id)
                label=format!("Новое название для «{}»", entry.name)
                value=name
                on_input=move |v| name.set(v)
                error=state.error("name")
            />
            {(kind == CatalogueKind::Staff).then(|| view! {
                <TextField id=format!("rerole-{}", entry.id) label="Должность" value=role on_input=move |v| role.set(v) />
            })}
            <NoticeView notice=state.notice />
            <span class="actions">
                <button type="submit" class="primary" disabled=state.busy>"Сохранить"</button>
                <button type="button" on:click=move |_| editing.set(None)>"Отмена"</button>
            </span>
        </form>
    }
}
