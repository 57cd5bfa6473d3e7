// A case's state folded from its events, by the rules the server serves (qzapp/ledger/
// rules.py, in /js/rules.js) and the same steps as qzapp/ledger/fold.py: the phone folds
// its own events, written offline, on top of the case the server last sent. Whether an event
// that reached the server is superseded is the server's word, and travels with it.
// tests/ledger_cases.json holds the cases both sides are run on.

import { makeCalendar } from "./workdays.js";

/** The fold of a ledger's rules: {problem, apply, fold, deadline}. */
export function makeFold(rules) {
  const calendar = makeCalendar(rules.calendar);
  const transitions = rules.transitions;

  /** The day something received at `at` is due, `days` working days on. */
  function deadline(at, days) {
    return calendar.addWorkdays(at.slice(0, 10), days);
  }

  /** null when the event may follow the state, else the catalogue key of why not. */
  function problem(state, event) {
    const rule = transitions[event.kind];
    if (!rule) return "case.problem.unknown_event";
    if (state === null) return event.kind === "receive" ? null : "case.problem.no_case";
    if (event.kind === "receive") return "case.problem.received_already";
    if (!rule.from.includes(state.status)) return `case.problem.status_${state.status}`;
    const pending = state.pending || {};
    const by = author(event);
    if (event.kind === "accept") {
      const expected = state.status === "transferring" ? pending.to_user_id : state.owner_id;
      if (by !== (expected ?? null)) return "case.problem.not_yours";
    }
    if (event.kind === "return" && by !== (pending.to_user_id ?? null)) {
      return "case.problem.not_yours";
    }
    if (event.kind === "rate" && state.rated) return "case.problem.rated_already";
    if (event.kind === "escalate" && event.data.level <= state.escalation_level) {
      return "case.problem.escalated_already";
    }
    return null;
  }

  // Who wrote an event: `by` as the fold takes it, `created_by` as sync brings it.
  function author(event) {
    return (event.by === undefined ? event.created_by : event.by) ?? null;
  }

  function received(caseId, data, at, by) {
    const days = data.days;
    return {
      id: caseId, kind: data.kind || "appeal", node_id: data.node_id, channel: data.channel,
      category: data.category, urgency: data.urgency, text: data.text,
      person_name: data.person_name ?? null, person_phone: data.person_phone ?? null,
      household_id: data.household_id ?? null, diary_id: data.diary_id ?? null,
      photos: [...(data.photos || [])], backlog: data.backlog ? 1 : 0, status: "received",
      received_at: at, received_by: by, first_handler_id: by, owner_id: by, handler_id: null,
      handler_node_id: null, leader_id: null, pending: null, days,
      accept_by: deadline(at, days.accept), close_by: deadline(at, days.close),
      accepted_at: null, closed_at: null, result: null, done: null, escalation_level: 0,
      escalated_node_id: null, satisfaction: null, rated: 0, reopens: 0, auto_reopens: 0,
      mediations: 0, replies: 0, last_event_at: at, events_n: 1,
      matter_type: data.matter_type ?? null, published: 0, public_summary: null,
      published_at: null,
    };
  }

  function reopen(state, at) {
    Object.assign(state, {
      reopens: state.reopens + 1, closed_at: null, result: null, done: null,
      close_by: deadline(at, state.days.close), escalation_level: 0, escalated_node_id: null,
    });
  }

  /** The state after one event that problem() lets follow it (a new object). */
  function apply(previous, event) {
    const data = event.data || {};
    const { at, kind } = event;
    const by = author(event);
    if (kind === "receive") return received(event.case_id, data, at, by);
    const state = { ...previous, last_event_at: at, events_n: previous.events_n + 1 };
    let to = transitions[kind].to;
    if (kind === "accept") {
      const { pending } = state;
      if (pending) {
        Object.assign(state, {
          owner_id: pending.to_user_id, first_handler_id: pending.to_user_id, handler_id: null,
          handler_node_id: pending.to_node_id ?? null, pending: null,
        });
      }
      state.accepted_at = state.accepted_at || at;
    } else if (kind === "assign") {
      Object.assign(state, { handler_id: data.to_user_id, handler_node_id: data.to_node_id ?? null });
    } else if (kind === "transfer") {
      state.pending = { to_user_id: data.to_user_id, to_node_id: data.to_node_id ?? null,
        from_status: state.status, by };
    } else if (kind === "return") {
      to = state.pending.from_status;
      state.pending = null;
    } else if (kind === "mediate") {
      state.mediations += 1;
    } else if (kind === "take") {
      Object.assign(state, { leader_id: by, owner_id: by, pending: null });
      state.accepted_at = state.accepted_at || at;
    } else if (kind === "reply") {
      state.replies += 1;
    } else if (kind === "close") {
      Object.assign(state, { closed_at: at, result: data.result, done: data.done ?? null,
        satisfaction: null, rated: 0 });
    } else if (kind === "rate") {
      Object.assign(state, { satisfaction: data.satisfaction, rated: 1 });
      if (data.satisfaction === "unsatisfied" && state.auto_reopens < rules.auto_reopens) {
        state.auto_reopens += 1;
        reopen(state, at);
        to = "in_progress";
      }
    } else if (kind === "reopen") {
      reopen(state, at);
    } else if (kind === "backlog") {
      state.backlog = data.on ? 1 : 0;
    } else if (kind === "escalate") {
      Object.assign(state, { escalation_level: data.level, escalated_node_id: data.to_node_id });
    } else if (kind === "publish") {
      Object.assign(state, { published: 1, public_summary: data.summary,
        published_at: state.published_at || at });
    } else if (kind === "unpublish") {
      state.published = 0;
    }
    if (to !== null) state.status = to;
    return state;
  }

  /** The state after events (in order n), superseded ones passed over. */
  function fold(events, state = null) {
    const ordered = [...events].sort((a, b) => a.n - b.n);
    let current = state;
    for (const event of ordered) {
      if (!event.superseded) current = apply(current, event);
    }
    return current;
  }

  /** Where a case stands today: the day it is due next, working days left, and ok /
   * warning / overdue (null once closed), as the server's clock_of says. */
  function clock(state, today) {
    if (state.status === "closed") return null;
    const due = state.status === "received" ? state.accept_by : state.close_by;
    if (!due) return null;
    const left = calendar.workdaysBetween(today, due);
    let status = "ok";
    if (due < today) status = "overdue";
    else if (left <= (state.days?.warn ?? rules.warn_days)) status = "warning";
    return { due, left, state: status, known: calendar.isKnown(due) };
  }

  return { problem, apply, fold, deadline, clock };
}
