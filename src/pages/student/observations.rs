//! Tab «Наблюдения»: «Личностные и метапредметные результаты» (П2
//! §3.2.3–3.2.4; П1 §1.10, §2.1) — dated observations by teachers, tagged,
//! as a timeline filtered by year and tag. A family's device shows them and
//! offers no way to add or change one: they are the school's observations.

use crate::pages::common::{configured_and, year_options};
use crate::pages::student::{StudentHeader, Tab};
use crate::route::{replace, Route};
use crate::state::{random_id, use_app};
use crate::ui::bind;
use crate::ui::field::InputKind;
use crate::ui::notice::use_notice;
use crate::ui::{CheckField, FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::observation::{timeline, Observation, ObservationForm, Tag};
use portfolio_core::records::portfolio::upsert;
use portfolio_core::records::school_year::year_of;
use portfolio_core::util::date::format_ru;
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn ObservationsPage(id: Id, year: Option<i32>, tag: Option<Tag>) -> impl IntoView {
    let app = use_app();
    if app.data.with_untracked(|p| !p.students.contains_key(&id)) {
        return crate::pages::common::missing("Ученик");
    }
    let parent = app.parent.get_untracked();
    let years = {
        let id = id.clone();
        year_options(move |p, _| {
            let dates = p
                .students
                .get(&id)
                .into_iter()
                .flat_map(|r| &r.observations);
            configured_and(p, dates.map(|o| year_of(o.date)))
        })
    };
    let tags = Signal::stored(
        Tag::ALL
            .iter()
            .map(|t| (t.slug().to_string(), t.label().to_string()))
            .collect::<Vec<_>>(),
    );
    let on_year = {
        let id = id.clone();
        move |v: String| replace(&Route::Observations(id.clone(), v.parse().ok(), tag))
    };
    let on_tag = {
        let id = id.clone();
        move |v: String| replace(&Route::Observations(id.clone(), year, Tag::from_slug(&v)))
    };
    view! {
        <StudentHeader id=id.clone() tab=Tab::Observations />
        <h2>"Личностные и метапредметные результаты"</h2>
        <p class="hint">
            {if parent {
                "Наблюдения педагогов школы: личностные результаты и универсальные учебные действия (регулятивные, познавательные, коммуникативные). Их записывают педагоги; на этом устройстве они только для чтения."
            } else {
                "Наблюдения педагогов: личностные результаты и универсальные учебные действия — регулятивные (рефлексивные), познавательные, коммуникативные (П2 §3.2.3–3.2.4). Семья видит их в файле ребёнка."
            }}
        </p>
        {(!parent).then(|| view! {
            <a class="button primary" href=Route::NewObservation(id.clone()).href()>"Добавить наблюдение"</a>
        })}
        <fieldset class="filters">
            <legend>"Фильтр"</legend>
            <SelectField id="filter-year" label="Учебный год" options=years value=year.map(|y| y.to_string()).unwrap_or_default() on_change=on_year empty="Все годы" />
            <SelectField id="filter-tag" label="Вид результатов" options=tags value=tag.map(|t| t.slug().to_string()).unwrap_or_default() on_change=on_tag empty="Все виды" />
        </fieldset>
        <Timeline id=id year=year tag=tag editable=!parent />
    }
    .into_any()
}

#[component]
fn Timeline(id: Id, year: Option<i32>, tag: Option<Tag>, editable: bool) -> impl IntoView {
    let app = use_app();
    let notice = use_notice();
    let delete = {
        let sid = id.clone();
        move |oid: Id, when: String| {
            crate::pages::student::delete_from_student(
                app,
                notice,
                sid.clone(),
                format!("Удалить наблюдение от {when}?"),
                format!("Наблюдение от {when} удалено."),
                move |r| r.observations.retain(|o| o.id != oid),
            )
        }
    };
    move || {
        let (items, total): (Vec<Observation>, usize) = app.data.with(|p| {
            p.students
                .get(&id)
                .map(|r| {
                    (
                        timeline(&r.observations, year, tag)
                            .into_iter()
                            .cloned()
                            .collect(),
                        r.observations.len(),
                    )
                })
                .unwrap_or_default()
        });
        let summary = if total == 0 {
            "Наблюдений пока нет.".to_string()
        } else if year.is_none() && tag.is_none() {
            format!("Всего наблюдений: {total}.")
        } else {
            format!("Найдено: {} из {total}.", items.len())
        };
        let (sid, delete) = (id.clone(), delete.clone());
        view! {
            <p class="summary" role="status">{summary}</p>
            <ol class="timeline" aria-label="Наблюдения по датам">
                {items.into_iter().map(|o| {
                    let when = format_ru(o.date);
                    let delete = delete.clone();
                    let (oid, w) = (o.id.clone(), when.clone());
                    view! {
                        <li>
                            <article aria-label=format!("Наблюдение от {when}")>
                                <h3>{when.clone()}</h3>
                                <ul class="tags" aria-label="Виды результатов">
                                    {o.tags.iter().map(|t| view! { <li>{t.label()}</li> }).collect_view()}
                                </ul>
                                <p class="observation-text">{o.text.clone()}</p>
                                <p class="muted">{format!("Наблюдал(а): {}", o.observer)}</p>
                                {editable.then(|| view! {
                                    <div class="actions">
                                        <a class="button" href=Route::EditObservation(sid.clone(), o.id.clone()).href() aria-label=format!("Изменить наблюдение от {when}")>"Изменить"</a>
                                        <button type="button" class="danger" aria-label=format!("Удалить наблюдение от {when}") on:click=move |_| delete(oid.clone(), w.clone())>"Удалить"</button>
                                    </div>
                                })}
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    }
}

#[component]
pub fn ObservationPage(student_id: Id, observation_id: Option<Id>) -> impl IntoView {
    let app = use_app();
    if app.parent.get_untracked() {
        return view! {
            <h1>"Наблюдения записывают педагоги"</h1>
            <p>"На устройстве семьи наблюдения только для чтения. " <a href=Route::Observations(student_id, None, None).href()>"Вернуться к наблюдениям"</a></p>
        }
        .into_any();
    }
    let today = app.ctx().today();
    let found = app.data.with_untracked(|p| {
        p.students.get(&student_id).map(|r| {
            let existing = observation_id
                .as_ref()
                .and_then(|oid| r.observations.iter().find(|o| &o.id == oid))
                .map(ObservationForm::from_observation);
            // The class teacher observes by default.
            let teacher = p
                .class(&r.student.class_id)
                .and_then(|c| c.teacher_id.as_ref())
                .map(|t| p.catalogues.name(CatalogueKind::Staff, t))
                .unwrap_or_default();
            (r.student.full_name(), existing, teacher)
        })
    });
    let Some((name, existing, teacher)) = found else {
        return crate::pages::common::missing("Ученик");
    };
    let is_new = observation_id.is_none();
    let initial = match (existing, is_new) {
        (Some(f), _) => f,
        (None, true) => ObservationForm::blank(today, &teacher),
        (None, false) => return crate::pages::common::missing("Наблюдение"),
    };
    let oid = observation_id.unwrap_or_else(random_id);
    let back = Route::Observations(student_id.clone(), None, None);
    let form = RwSignal::new(initial);
    let state = FormState::long("o-");
    let err = move |k: &'static str| state.error(k);
    let submit = {
        let back = back.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !state.begin() {
                return;
            }
            let (sid, oid, back) = (student_id.clone(), oid.clone(), back.clone());
            spawn_local(async move {
                let f = form.get_untracked();
                let result = app
                    .edit_student(&sid, &[], |rec, _, ctx| {
                        let o = f
                            .parse(oid.clone(), ctx.today(), ctx.revision())
                            .map_err(|e| state.invalid(e))?;
                        let when = format_ru(o.date);
                        upsert(&mut rec.observations, o, |x, y| x.id == y.id);
                        Ok(when)
                    })
                    .await;
                crate::pages::student::after_save(
                    app,
                    state,
                    &back,
                    result.map(|w| format!("Наблюдение от {w}")),
                    is_new,
                );
            });
        }
    };
    let tag_error = err("tags");
    let (date, set_date) = bind!(form, date);
    let (text, set_text) = bind!(form, text);
    let (observer, set_observer) = bind!(form, observer);
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: наблюдения")}</a></nav>
        <h1>{if is_new { "Новое наблюдение" } else { "Изменить наблюдение" }}</h1>
        <form class="achievement-form" on:submit=submit novalidate>
            <p class="hint">"Поля, отмеченные *, обязательны."</p>
            <TextField id="o-date" label="Дата наблюдения" required=true kind=InputKind::Date value=date on_input=set_date error=err("date") hint="ДД.ММ.ГГГГ" />
            <fieldset id="o-tags" tabindex="-1" aria-describedby=move || tag_error.with(|e| e.is_some()).then_some("o-tags-error")>
                <legend class="required">"Какие результаты видны"</legend>
                {Tag::ALL.into_iter().map(|t| view! {
                    <CheckField id=format!("o-tag-{}", t.slug()) label=format!("{} — {}", t.label(), t.hint()) checked=Signal::derive(move || form.with(|f| f.tags.contains(&t))) on_change=move |v| form.update(|f| f.toggle(t, v)) />
                }).collect_view()}
                {move || tag_error.get().map(|e| view! { <p class="field-error" id="o-tags-error">{e}</p> })}
            </fieldset>
            <TextField id="o-text" label="Что наблюдали" required=true kind=InputKind::TextArea value=text on_input=set_text error=err("text") hint="Что сделал ребёнок и в какой ситуации: коротко, своими словами" />
            <TextField id="o-observer" label="Кто наблюдал" required=true value=observer on_input=set_observer error=err("observer") hint="ФИО педагога" />
            <NoticeView notice=state.notice />
            <div class="actions sticky">
                <button type="submit" class="primary" disabled=move || state.busy.get()>"Сохранить"</button>
                <a class="button" href=back.href()>"Отмена"</a>
            </div>
        </form>
    }
    .into_any()
}
