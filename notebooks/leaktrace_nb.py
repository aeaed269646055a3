"""Shared loading for the LeakTrace analyst notebooks.

Alerts come from Elasticsearch when LEAKTRACE_ES_URL is set, otherwise from the alerts JSON Lines
file LEAKTRACE_ALERTS (default ../leaktrace-demo/alerts.jsonl). The simulated or exported world
(cdr.csv, organizations.csv, truth.json) is read from LEAKTRACE_WORLD (default: world/ beside the
alerts file) when present; every notebook also works without it.

Victims' numbers are personal data: nothing here returns them in a form meant for display. Call
records are reduced to per-customer first-touch times and victim flags, and the notebooks only
ever show callers, organizations and keyed pseudonyms.
"""
import json
import os
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

SUSPICION_TIMES = ["event_time", "estimated_leak_time", "leak_time_earliest", "leak_time_latest",
                   "first_detected"]
CALLER_ALERT_TIMES = ["event_time", "first_seen"]
ES_INDEX_PREFIX = "leaktrace"


class Settings:
    """Where a notebook reads from, resolved from the environment once."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.es_url = env.get("LEAKTRACE_ES_URL") or None
        self.es_api_key = env.get("LEAKTRACE_ES_API_KEY") or None
        self.alerts = Path(env.get("LEAKTRACE_ALERTS") or "../leaktrace-demo/alerts.jsonl")
        world = env.get("LEAKTRACE_WORLD")
        self.world = Path(world) if world else self.alerts.parent / "world"
        self.source = env.get("LEAKTRACE_SOURCE") or None

    def describe(self):
        origin = f"Elasticsearch at {self.es_url}" if self.es_url else f"file {self.alerts}"
        world = self.world if self.has_world() else "none"
        return f"alerts from {origin}; world: {world}"

    def has_world(self):
        return (self.world / "organizations.csv").exists()

    def has_cdr(self):
        return self.cdr_path() is not None

    def cdr_path(self):
        for name in ("cdr.csv", "cdr.csv.gz"):
            if (self.world / name).exists():
                return self.world / name
        return None


def _zone_of(values):
    """The zone of the first timestamp with an offset: alerts carry the operator's local time."""
    for v in values:
        if isinstance(v, str) and v:
            return datetime.fromisoformat(v).tzinfo
    return None


def _times(frame, columns, zone):
    for c in columns:
        if c in frame.columns:
            frame[c] = pd.to_datetime(frame[c], utc=True)
            if zone is not None:
                frame[c] = frame[c].dt.tz_convert(zone)
    return frame


def _read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def _read_es(settings):
    from elasticsearch import Elasticsearch
    from elasticsearch.helpers import scan

    kwargs = {"api_key": settings.es_api_key} if settings.es_api_key else {}
    es = Elasticsearch(settings.es_url, **kwargs)
    rows = []
    for kind in ("suspicions", "caller-alerts"):
        index = f"{ES_INDEX_PREFIX}-{kind}-*"
        for hit in scan(es, index=index, query={"query": {"match_all": {}}}, ignore_unavailable=True):
            rows.append(hit["_source"])
    return rows


def load_alerts(settings=None):
    """(suspicion lines, caller alerts) as DataFrames with local-time timestamps.

    From a file every emission of a suspicion is a line, so its evidence can be followed over
    time; Elasticsearch keeps one document per suspicion (its latest state).
    """
    settings = settings or Settings()
    rows = _read_es(settings) if settings.es_url else _read_jsonl(settings.alerts)
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["kind"])
    zone = _zone_of(frame.get("event_time", pd.Series(dtype=object)))
    sus = frame[frame["kind"] == "leak_suspicion"].copy()
    cal = frame[frame["kind"] == "caller_alert"].copy()
    sus = _times(sus, SUSPICION_TIMES, zone)
    cal = _times(cal, CALLER_ALERT_TIMES, zone)
    if not sus.empty:
        sus["source"] = sus["source_org_id"].where(sus["source_org_id"].notna(), sus["source_number"])
        sus["source_label"] = np.where(sus["source_org_id"].notna(),
                                       sus["source_org_id"].astype(str) + " " + sus["source_name"].astype(str),
                                       "unregistered " + sus["source_number"].astype(str))
        order = "update" if "update" in sus.columns else "event_time"
        sus = sus.sort_values(["suspicion_id", order]).reset_index(drop=True)
        # Lines are emitted in processing order, which may differ from event-time order by hours
        # across parallel inputs: evidence of line k exists as of the latest event time so far.
        sus["as_of"] = sus.groupby("suspicion_id")["event_time"].cummax()
    return sus, cal


def latest(suspicions, ended=False):
    """Each suspicion's last emitted line: what Elasticsearch holds.

    A suspicion ended by a merge (its last line has merged_into) is left out unless ended=True:
    the suspicion it names goes on with its evidence, and keeping both counts one leak twice.
    """
    last = suspicions.groupby("suspicion_id", as_index=False).tail(1)
    if not ended and "merged_into" in last.columns:
        last = last[last["merged_into"].isna()]
    return last


def pick_source(suspicions, settings=None, rank=0):
    """The source to investigate: LEAKTRACE_SOURCE, else the one whose lists reached most victims."""
    settings = settings or Settings()
    if settings.source:
        return settings.source
    ranked = latest(suspicions).groupby("source")["victims"].sum().sort_values(ascending=False)
    return ranked.index[min(rank, len(ranked) - 1)]


def e164(numbers, country="86"):
    """Normalizes exported numbers (+86…, 0086…, 86…, national) to +<country><digits>.

    A pandas rendition of the pipeline's rule for one country, enough to join call records with
    the directory; the pipeline itself uses libphonenumber.
    """
    s = numbers.astype(str).str.replace(r"[\s\-()]", "", regex=True)
    digits = s.str.lstrip("+")
    return pd.Series(np.select(
        [s.str.startswith("+"),
         s.str.startswith("00"),
         s.str.startswith(country) & (s.str.len() >= 12),
         s.str.startswith("0")],
        ["+" + digits,
         "+" + s.str[2:],
         "+" + s,
         "+" + country + s.str[1:]],
        default="+" + country + s), index=numbers.index)


def load_organizations(settings=None):
    settings = settings or Settings()
    orgs = pd.read_csv(settings.world / "organizations.csv", dtype=str)
    orgs["number"] = e164(orgs["number"])
    return orgs


def load_truth(settings=None):
    settings = settings or Settings()
    path = settings.world / "truth.json"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_cdr(settings=None, columns=("caller", "callee", "start_time")):
    """Call records with normalized numbers and UTC start times (for joins, never for display)."""
    settings = settings or Settings()
    cdr = pd.read_csv(settings.cdr_path(), usecols=list(columns), dtype=str, on_bad_lines="skip")
    for c in ("caller", "callee"):
        if c in cdr.columns:
            cdr[c] = e164(cdr[c].fillna(""))
    if "start_time" in cdr.columns:
        cdr["start_time"] = pd.to_datetime(cdr["start_time"], utc=True, errors="coerce",
                                           format="%Y-%m-%dT%H:%M:%S%z")
        cdr = cdr[cdr["start_time"].notna()]
    return cdr


def customers_first_touch(cdr, source_numbers, callers):
    """Per customer of a source: first touch (UTC) and whether a campaign caller later called them.

    Customers are subscribers who called or were called by one of the source's numbers. The
    result is indexed by an ordinal, not by number: the numbers never leave this function.
    """
    source_numbers = set(source_numbers)
    callers = set(callers)
    out_calls = cdr[cdr["caller"].isin(source_numbers)][["callee", "start_time"]].rename(columns={"callee": "who"})
    in_calls = cdr[cdr["callee"].isin(source_numbers)][["caller", "start_time"]].rename(columns={"caller": "who"})
    touches = pd.concat([out_calls, in_calls])
    touches = touches[~touches["who"].isin(source_numbers)]
    first = touches.groupby("who")["start_time"].min().rename("first_touch")
    campaign = cdr[cdr["caller"].isin(callers)][["callee", "start_time"]]
    called = campaign.groupby("callee")["start_time"].min()
    frame = first.to_frame()
    frame["first_called"] = called.reindex(frame.index)
    frame["victim"] = frame["first_called"].notna() & (frame["first_called"] > frame["first_touch"])
    return frame.reset_index(drop=True)


def style():
    import matplotlib

    matplotlib.rcParams.update({"figure.dpi": 72, "savefig.dpi": 72, "figure.figsize": (9, 4),
                                "axes.grid": True, "grid.alpha": 0.3})
