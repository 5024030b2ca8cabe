#!/usr/bin/env bash
# The action's check step (action.yml): `migguard check` on the pull request's migrations.
#
# Inputs (environment, as action.yml maps them): INPUT_PATH, INPUT_BASE, INPUT_FAIL_ON,
# INPUT_PG_VERSION, INPUT_COMMENT, INPUT_SARIF; GH_TOKEN for the comment. From the runner:
# GITHUB_EVENT_PATH, GITHUB_BASE_REF, GITHUB_REPOSITORY, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT,
# RUNNER_TEMP.
#
# Prints the findings as workflow-command annotations (--format github), appends the markdown
# report to $GITHUB_STEP_SUMMARY, writes the SARIF file when asked, posts or edits ONE
# pull-request comment (found by its hidden marker) when INPUT_COMMENT=true, sets the outputs
# findings, exit-code, report and sarif, and exits as fail-on says: 1 on findings at fail-on
# (never with fail-on: never), 2 when migguard could not analyse the project.
set -euo pipefail
log() { echo "migguard action: $*" >&2; }

# The hidden first line of the pull-request comment, by which a later run finds it.
MARKER='<!-- migguard-report -->'
# GitHub's limit on a comment body.
COMMENT_LIMIT=65536

path=${INPUT_PATH:-.}
fail_on=${INPUT_FAIL_ON:-warning}
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/migguard-action"
mkdir -p "$work"
report_md="$work/report.md"
report_json="$work/report.json"
python=${PYTHON:-python3}

# A value of the event payload (a dotted path), empty when absent.
event_value() {
    [[ -n "${GITHUB_EVENT_PATH:-}" && -f "$GITHUB_EVENT_PATH" ]] || return 0
    "$python" - "$GITHUB_EVENT_PATH" "$1" <<'PY'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)
PY
}

base=${INPUT_BASE:-}
if [[ -z "$base" ]]; then
    base=$(event_value pull_request.base.sha)
fi
if [[ -z "$base" && -n "${GITHUB_BASE_REF:-}" ]]; then
    base="origin/$GITHUB_BASE_REF"
fi

args=(check "$path" --format github --output "markdown=$report_md" --output "json=$report_json")
case "$fail_on" in
    error|warning|info) args+=(--fail-on "$fail_on") ;;
    never) ;;
    *) log "error: fail-on must be error, warning, info or never, not '$fail_on'"; exit 2 ;;
esac
[[ -n "$base" ]] && args+=(--base "$base")
[[ -n "${INPUT_PG_VERSION:-}" ]] && args+=(--pg-version "$INPUT_PG_VERSION")
[[ -n "${INPUT_SARIF:-}" ]] && args+=(--output "sarif=$INPUT_SARIF")
if [[ -n "$base" ]]; then
    log "checking the migrations changed since $base"
else
    log "no pull-request base: checking every migration"
fi

rm -f "$report_md" "$report_json"
set +e
migguard "${args[@]}"
code=$?
set -e
if [[ $code -eq 1 && "$fail_on" == never ]]; then
    exit_code=0
else
    exit_code=$code
fi

findings=0
if [[ -f "$report_json" ]]; then
    findings=$("$python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$report_json")
fi
if [[ -f "$report_md" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    cat "$report_md" >> "$GITHUB_STEP_SUMMARY"
fi
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    {
        echo "findings=$findings"
        echo "exit-code=$exit_code"
        echo "report=$report_md"
        echo "sarif=${INPUT_SARIF:-}"
    } >> "$GITHUB_OUTPUT"
fi

# One pull-request comment: the previous migguard comment (its marker) edited, else a new one.
post_comment() {
    local number repo body existing
    number=$(event_value pull_request.number)
    if [[ -z "$number" ]]; then
        log "comment: not a pull-request event, no comment posted"
        return 0
    fi
    repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
    body="$work/comment.md"
    {
        echo "$MARKER"
        cat "$report_md"
    } > "$body"
    if [[ $(wc -c < "$body") -gt $COMMENT_LIMIT ]]; then
        printf '%s\nThe migguard report is too long for a comment: see the job summary.\n' "$MARKER" > "$body"
    fi
    existing=$(gh api --paginate --slurp "repos/$repo/issues/$number/comments" | "$python" -c '
import json, sys
marker = sys.argv[1]
ids = [c["id"] for page in json.load(sys.stdin) for c in page if c.get("body", "").startswith(marker)]
print(ids[0] if ids else "")' "$MARKER")
    if [[ -n "$existing" ]]; then
        gh api --method PATCH "repos/$repo/issues/comments/$existing" -F "body=@$body" > /dev/null
        log "comment: updated comment $existing on pull request #$number"
    else
        gh api --method POST "repos/$repo/issues/$number/comments" -F "body=@$body" > /dev/null
        log "comment: posted on pull request #$number"
    fi
}
if [[ "${INPUT_COMMENT:-false}" == true && -f "$report_md" ]]; then
    post_comment
fi

log "$findings finding(s), exit code $exit_code (fail-on: $fail_on)"
exit "$exit_code"
