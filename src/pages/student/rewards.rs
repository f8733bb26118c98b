//! Tab «Поощрения» of a student (П2 §1.3, §3.3): the list by school year,
//! and the form to add or change a reward with its documents.

use crate::pages::common::{catalogue_options, configured_and, year_options};
use crate::pages::student::achievements::SCHOOL_ENTERED;
use crate::pages::student::{StudentHeader, Tab};
use crate::route::{replace, Route};
use crate::state::{random_id, use_app};
use crate::ui::bind;
use crate::ui::field::InputKind;
use crate::ui::notice::use_notice;
use crate::ui::{FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::identity::family_may_change;
use portfolio_core::records::portfolio::upsert;
use portfolio_core::records::reward::{prepositional, Activity, Reward, RewardForm};
use portfolio_core::records::school_year::{year_label, year_of};
use portfolio_core::stored::NewFile;
use portfolio_core::util::date::format_ru;
use portfolio_core::util::id::Context;
use portfolio_core::{CatalogueKind, Id};

#[component]
pub fn RewardsPage(id: Id, year: Option<i32>) -> impl IntoView {
    let app = use_app();
    if app.data.with_untracked(|p| !p.students.contains_key(&id)) {
        return crate::pages::common::missing("Ученик");
    }
    let years = {
        let id = id.clone();
        year_options(move |p, _| {
            let dates = p.students.get(&id).into_iter().flat_map(|r| &r.rewards);
            configured_and(p, dates.map(|x| year_of(x.date)))
        })
    };
    let on_year = {
        let id = id.clone();
        move |v: String| replace(&Route::Rewards(id.clone(), v.parse().ok()))
    };
    view! {
        <StudentHeader id=id.clone() tab=Tab::Rewards />
        <h2>"Поощрения"</h2>
        <p class="hint">"Призы, дипломы, памятные подарки, грамоты и благодарности за успехи в учебной, физкультурной, спортивной, общественной, научной, научно-технической, творческой, экспериментальной и инновационной деятельности (П2 §3.3)."</p>
        <a class="button primary" href=Route::NewReward(id.clone()).href()>"Добавить поощрение"</a>
        <fieldset class="filters">
            <legend>"Фильтр"</legend>
            <SelectField id="filter-year" label="Учебный год" options=years value=year.map(|y| y.to_string()).unwrap_or_default() on_change=on_year empty="Все годы" />
        </fieldset>
        <RewardList id=id year=year />
    }
    .into_any()
}

#[component]
fn RewardList(id: Id, year: Option<i32>) -> impl IntoView {
    let app = use_app();
    let notice = use_notice();
    let delete = {
        let sid = id.clone();
        move |rid: Id, what: String| {
            crate::pages::student::delete_from_student(
                app,
                notice,
                sid.clone(),
                format!("Удалить поощрение «{what}» вместе с его документами?"),
                format!("Поощрение «{what}» удалено."),
                move |r| r.rewards.retain(|x| x.id != rid),
            )
        }
    };
    move || {
        let (rows, total) = app.data.with(|p| {
            let Some(r) = p.students.get(&id) else {
                return (Vec::new(), 0);
            };
            let mut list: Vec<&Reward> = r
                .rewards
                .iter()
                .filter(|x| year.is_none_or(|y| year_of(x.date) == y))
                .collect();
            list.sort_by_key(|x| std::cmp::Reverse(x.date));
            let rows: Vec<RewardRow> = list.into_iter().map(|x| RewardRow::new(x, r, p)).collect();
            (rows, r.rewards.len())
        });
        let summary = match (total, year) {
            (0, _) => "Поощрений пока нет.".to_string(),
            (n, None) => format!("Всего поощрений: {n}."),
            (n, Some(y)) => format!("За {} учебный год: {} из {n}.", year_label(y), rows.len()),
        };
        let (sid, delete) = (id.clone(), delete.clone());
        let parent = app.parent.get_untracked();
        view! {
            <p class="summary" role="status">{summary}</p>
            <ul class="achievements" aria-label="Список поощрений">
                {rows.into_iter().map(|row| {
                    let delete = delete.clone();
                    let (rid, what) = (row.id.clone(), row.title.clone());
                    view! {
                        <li>
                            <article aria-label=row.title.clone()>
                                <h3>{row.title.clone()}</h3>
                                <p class="muted">{row.line.clone()}</p>
                                <dl>
                                    {row.details.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                                </dl>
                                <crate::pages::student::documents::DocumentLinks student_id=sid.clone() docs=row.documents />
                                {if parent && !row.family_may_change {
                                    view! { <p class="muted">{SCHOOL_ENTERED}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="actions">
                                            <a class="button" href=Route::EditReward(sid.clone(), row.id.clone()).href() aria-label=format!("Изменить: {}", row.title)>"Изменить"</a>
                                            <button type="button" class="danger" aria-label=format!("Удалить: {}", row.title) on:click=move |_| delete(rid.clone(), what.clone())>"Удалить"</button>
                                        </div>
                                    }.into_any()
                                }}
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    }
}

/// What one list item shows.
struct RewardRow {
    id: Id,
    title: String,
    line: String,
    details: Vec<(&'static str, String)>,
    documents: Vec<portfolio_core::Document>,
    /// Entered by the family: on its device, the family may change it.
    family_may_change: bool,
}

impl RewardRow {
    fn new(
        x: &Reward,
        r: &portfolio_core::StudentRecord,
        p: &portfolio_core::Portfolio,
    ) -> RewardRow {
        let mut details = vec![("Кем вручено", x.awarded_by.clone())];
        if let Some(aid) = &x.achievement_id {
            let title = r
                .achievements
                .iter()
                .find(|a| &a.id == aid)
                .map(|a| a.title.clone())
                .unwrap_or_else(|| "достижение удалено".into());
            details.push(("За достижение", title));
        }
        if x.by_family {
            details.push(("Внесено", "семьёй".to_string()));
        }
        RewardRow {
            id: x.id.clone(),
            title: p.catalogues.name(CatalogueKind::RewardKinds, &x.kind_id),
            line: format!(
                "{} · за успехи в {} деятельности",
                format_ru(x.date),
                prepositional(x.activity)
            ),
            details,
            documents: x.documents.clone(),
            family_may_change: family_may_change(x),
        }
    }
}

#[component]
pub fn RewardPage(student_id: Id, reward_id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|p| {
        p.students.get(&student_id).map(|r| {
            let existing = reward_id
                .as_ref()
                .and_then(|rid| r.rewards.iter().find(|x| &x.id == rid));
            let school_entered = existing.is_some_and(|x| !family_may_change(x));
            (
                r.student.full_name(),
                existing.map(RewardForm::from_reward),
                school_entered,
            )
        })
    });
    let Some((name, existing, school_entered)) = found else {
        return crate::pages::common::missing("Ученик");
    };
    let back = Route::Rewards(student_id.clone(), None);
    let parent = app.parent.get_untracked();
    if school_entered && parent {
        return view! {
            <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: поощрения")}</a></nav>
            <h1>"Поощрение"</h1>
            <p class="notice">{SCHOOL_ENTERED}</p>
        }
        .into_any();
    }
    let is_new = reward_id.is_none();
    let initial = match (existing, is_new) {
        (Some(f), _) => f,
        // What a family enters is the family's own (П2 §5.1).
        (None, true) => RewardForm {
            by_family: parent,
            ..RewardForm::blank(app.ctx().today())
        },
        (None, false) => return crate::pages::common::missing("Поощрение"),
    };
    let rid = reward_id.unwrap_or_else(random_id);
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: поощрения")}</a></nav>
        <h1>{if is_new { "Новое поощрение" } else { "Изменить поощрение" }}</h1>
        <RewardFormView initial=initial student_id=student_id rid=rid is_new=is_new />
    }
    .into_any()
}

#[component]
fn RewardFormView(initial: RewardForm, student_id: Id, rid: Id, is_new: bool) -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(initial);
    let pending = StoredValue::new(Vec::<NewFile>::new());
    let processing = RwSignal::new(None::<String>);
    let state = FormState::long("a-");
    let err = move |k: &'static str| state.error(k);
    let (kind_id, set_kind) = bind!(form, kind_id);
    let (date, set_date) = bind!(form, date);
    let (activity, set_activity) = bind!(form, activity);
    let (awarded_by, set_awarded_by) = bind!(form, awarded_by);
    let (achievement_id, set_achievement) = bind!(form, achievement_id);
    let activities = Signal::stored(
        Activity::ALL
            .iter()
            .map(|a| {
                (
                    a.slug().to_string(),
                    format!("{} деятельности", prepositional(*a)),
                )
            })
            .collect::<Vec<_>>(),
    );
    let achievements = {
        let sid = student_id.clone();
        Signal::derive(move || {
            app.data.with(|p| {
                p.students
                    .get(&sid)
                    .map(|r| {
                        let mut v: Vec<_> = r.achievements.iter().collect();
                        v.sort_by_key(|a| std::cmp::Reverse(a.date));
                        v.into_iter()
                            .map(|a| {
                                (
                                    a.id.0.clone(),
                                    format!("{} ({})", a.title, format_ru(a.date)),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            })
        })
    };
    let back = Route::Rewards(student_id.clone(), None);
    let submit = {
        let back = back.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !state.begin() {
                return;
            }
            let (sid, rid, back) = (student_id.clone(), rid.clone(), back.clone());
            spawn_local(async move {
                let f = form.get_untracked();
                let files = pending.get_value();
                let result = app
                    .edit_student(&sid, &files, |rec, cat, ctx| {
                        let ids: Vec<&Id> = rec.achievements.iter().map(|a| &a.id).collect();
                        let x = f
                            .parse(cat, &ids, rid.clone(), ctx.today(), ctx.revision())
                            .map_err(|e| state.invalid(e))?;
                        let what = cat.name(CatalogueKind::RewardKinds, &x.kind_id);
                        upsert(&mut rec.rewards, x, |a, b| a.id == b.id);
                        Ok(what)
                    })
                    .await;
                crate::pages::student::after_save(
                    app,
                    state,
                    &back,
                    result.map(|w| format!("Поощрение «{w}»")),
                    is_new,
                );
            });
        }
    };
    view! {
        <form class="achievement-form" on:submit=submit novalidate>
            <p class="hint">"Поля, отмеченные *, обязательны. Поощрения, полученные в других организациях, вносятся только по желанию обучающегося и его родителей (законных представителей) — П2 §5.1."</p>
            <fieldset>
                <legend>"Сведения о поощрении"</legend>
                <SelectField id="a-kind_id" label="Вид поощрения" required=true options=catalogue_options(CatalogueKind::RewardKinds) value=kind_id on_change=set_kind error=err("kind_id") empty="— выберите —" />
                <TextField id="a-date" label="Дата вручения" required=true kind=InputKind::Date value=date on_input=set_date error=err("date") hint="ДД.ММ.ГГГГ" />
                <SelectField id="a-activity" label="За успехи в" required=true options=activities value=activity on_change=set_activity error=err("activity") empty="— выберите —" />
                <TextField id="a-awarded_by" label="Кем вручено" required=true value=awarded_by on_input=set_awarded_by error=err("awarded_by") hint="Например: администрация школы, отдел образования" />
                <SelectField id="a-achievement_id" label="За достижение" options=achievements value=achievement_id on_change=set_achievement error=err("achievement_id") empty="— без связи с достижением —" />
            </fieldset>
            <crate::pages::student::documents::DocumentsFieldset form=form pending=pending state=state processing=processing />
            <NoticeView notice=state.notice />
            <div class="actions sticky">
                <button type="submit" class="primary" disabled=move || state.busy.get() || processing.with(Option::is_some)>"Сохранить"</button>
                <a class="button" href=back.href()>"Отмена"</a>
            </div>
        </form>
    }
}
