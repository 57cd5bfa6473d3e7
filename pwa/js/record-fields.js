// The fields a put of each entity the phone writes carries, as the server's FIELDS keep them
// (qzapp/diary/entity.py, qzapp/households/entity.py); anything else is refused as unknown.
// Apart from the forms, so that the sync code (merging conflicts) needs no screen's code.

export const DIARY_FIELDS = [
  "kind", "activity_type", "occurred_at", "node_id", "household_id", "place", "lat", "lng",
  "accuracy", "people_met", "heard", "done", "topic", "attendance", "photos", "follow_up_date",
];
export const HOUSEHOLD_FIELDS = ["node_id", "head_name", "members", "difficulty_type", "needs",
  "address", "phone", "id_number"];
