#!/usr/bin/env python3
"""A stub `gh` CLI for tests/action_runner.rs: records every call in $GH_STUB_DIR/calls.jsonl and
keeps pull-request comments in $GH_STUB_DIR/comments.json, answering the three `gh api` calls of
scripts/action/run.sh (list with --paginate --slurp, POST a comment, PATCH a comment)."""

import json
import os
import re
import sys

state_dir = os.environ["GH_STUB_DIR"]
comments_file = os.path.join(state_dir, "comments.json")
args = sys.argv[1:]


def load():
    if os.path.exists(comments_file):
        with open(comments_file) as f:
            return json.load(f)
    return []


def body_field():
    for i, arg in enumerate(args):
        if arg == "-F" and args[i + 1].startswith("body=@"):
            with open(args[i + 1][len("body=@"):]) as f:
                return f.read()
    sys.exit("gh stub: no -F body=@FILE")


with open(os.path.join(state_dir, "calls.jsonl"), "a") as f:
    f.write(json.dumps({"args": args, "token": os.environ.get("GH_TOKEN", "")}) + "\n")

if not os.environ.get("GH_TOKEN"):
    sys.exit("gh stub: GH_TOKEN is not set")
comments = load()
method = args[args.index("--method") + 1] if "--method" in args else "GET"
endpoint = next(a for a in args[1:] if a.startswith("repos/"))
if args[0] != "api":
    sys.exit(f"gh stub: unexpected call {args}")
listing = re.fullmatch(r"repos/[^/]+/[^/]+/issues/(\d+)/comments", endpoint)
single = re.fullmatch(r"repos/[^/]+/[^/]+/issues/comments/(\d+)", endpoint)
if method == "GET" and listing and "--paginate" in args and "--slurp" in args:
    page = [c for c in comments if c["issue"] == int(listing.group(1))]
    print(json.dumps([page]))
elif method == "POST" and listing:
    comment = {"id": 1000 + len(comments), "issue": int(listing.group(1)), "body": body_field()}
    comments.append(comment)
    print(json.dumps(comment))
elif method == "PATCH" and single:
    comment = next(c for c in comments if c["id"] == int(single.group(1)))
    comment["body"] = body_field()
    print(json.dumps(comment))
else:
    sys.exit(f"gh stub: unexpected call {args}")
with open(comments_file, "w") as f:
    json.dump(comments, f)
