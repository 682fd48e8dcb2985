// Server actions are typed `(prevState, form: FormData)`, but a hand-made request can post any
// arguments to an action id (`["x"]`, a number, nothing). Reading `form.get` on those threw: a 500
// when it happened before the action's try, an "unexpected error" in the log otherwise (issue 12:
// 0 5xx on bad input). Anything that is not a FormData is read as an empty form, so the action's own
// validation answers it like a form with every field missing.
export function actionForm(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}
