//! «Справочники → Баллы рейтинга» (П1 §1.9–1.10, §2.3): the points of each
//! event level, the share of each prize place (and whether it makes a
//! winner or prize-winner), and the discounts for remote and team
//! participation. A change recomputes every rating at once.

use crate::pages::admin::catalogues::catalogue_tabs;
use crate::state::use_app;
use crate::ui::field::InputKind;
use crate::ui::{CheckField, FormState, NoticeView, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::assessment::rating::PointsForm;
use portfolio_core::util::id::Context;

#[component]
pub fn PointsPage() -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(app.data.with_untracked(PointsForm::from_portfolio));
    let state = FormState::long("");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !state.begin() {
            return;
        }
        spawn_local(async move {
            let f = form.get_untracked();
            let result = app
                .apply(|p, ctx| {
                    let keys = f.apply(p, &ctx.revision()).map_err(|e| state.invalid(e))?;
                    Ok(((), keys))
                })
                .await;
            state.end(result.map(|_| Some("Баллы рейтинга сохранены: рейтинг пересчитан.".into())));
        });
    };
    // Built once (a rebuild on each keystroke would lose the focus); the
    // inputs write into `form`.
    let levels = {
        form.with_untracked(|f| f.levels.clone())
            .into_iter()
            .enumerate()
            .map(|(i, (id, name, value))| {
                view! {
                    <TextField id=format!("w-{id}") label=name kind=InputKind::Number value=value
                        on_input=move |v: String| form.update(|f| f.levels[i].2 = v) error=state.error(format!("w-{id}")) />
                }
            })
            .collect_view()
    };
    let places = {
        form.with_untracked(|f| f.places.clone())
            .into_iter()
            .enumerate()
            .map(|(i, (id, name, value, prize))| {
                view! {
                    <div class="points-place">
                        <TextField id=format!("w-{id}") label=format!("{name}, %") kind=InputKind::Number value=value
                            on_input=move |v: String| form.update(|f| f.places[i].2 = v) error=state.error(format!("w-{id}")) />
                        <CheckField id=format!("prize-{id}") label=format!("«{name}» — победитель или призёр") checked=prize
                            on_change=move |v| form.update(|f| f.places[i].3 = v) />
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        {catalogue_tabs(None)}
        <h3>"Баллы рейтинга"</h3>
        <p class="hint">"Баллы за достижение = баллы уровня мероприятия × доля призового места × доля за дистанционное участие (если оно дистанционное) × доля за командное участие (если оно командное). Рейтинг ученика — сумма баллов за учебный год или период; равные суммы делят место."</p>
        <p class="hint">"По умолчанию, как в школьных и региональных положениях о рейтинге: уровни 1 — 2 — 4 — 6 — 8 — 16 баллов (от школьного до международного), победитель 100 %, призёры 75 и 60 %, лауреат 50 %, дипломант 40 %, участник 20 %, новое место (например, «Гран-при» или «Диплом II степени») — 20 %, пока ему не назначены баллы; дистанционное участие 50 %, командное 80 %. Пример: призёр (2 место) всероссийского конкурса, дистанционно — 8 × 75 % × 50 % = 3 балла."</p>
        <form class="points" on:submit=submit novalidate>
            <fieldset>
                <legend>"Уровни мероприятий: баллы"</legend>
                {levels}
            </fieldset>
            <fieldset>
                <legend>"Призовые места: доля баллов уровня, %"</legend>
                {places}
            </fieldset>
            <fieldset>
                <legend>"Форма участия: доля баллов, %"</legend>
                <TextField id="remote" label="Дистанционная, %" kind=InputKind::Number value=Signal::derive(move || form.with(|f| f.remote_percent.clone()))
                    on_input=move |v: String| form.update(|f| f.remote_percent = v) error=state.error("remote") />
                <TextField id="team" label="Командное участие, %" kind=InputKind::Number value=Signal::derive(move || form.with(|f| f.team_percent.clone()))
                    on_input=move |v: String| form.update(|f| f.team_percent = v) error=state.error("team") />
            </fieldset>
            <NoticeView notice=state.notice />
            <div class="actions sticky">
                <button type="submit" class="primary" disabled=state.busy>"Сохранить баллы"</button>
            </div>
        </form>
    }
}
