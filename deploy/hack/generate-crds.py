#!/usr/bin/env python3
"""Writes deploy/crds/*.yaml: one CustomResourceDefinition per kind the mesh implements.

The schemas follow Knative's own CRDs (eventing config/core/resources, eventing-github); shared
shapes (destinations, delivery) are written once here so that every kind agrees.
Run from the repository root: python3 deploy/hack/generate-crds.py
"""
import os
import yaml


class NoAliases(yaml.SafeDumper):
    """kubectl reads anchors, but a reader should see each schema written out."""

    def ignore_aliases(self, data):
        return True

S = {"type": "string"}
OPEN = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}


def obj(props, required=None, description=None):
    o = {"type": "object", "properties": props}
    if required:
        o["required"] = required
    if description:
        o["description"] = description
    return o


def kref(with_namespace=True):
    props = {"apiVersion": S, "kind": S, "name": S}
    if with_namespace:
        props["namespace"] = S
    props["group"] = S
    return obj(props, ["kind", "name"])


DESTINATION = obj({
    "ref": obj({"apiVersion": S, "kind": S, "name": S, "namespace": S, "address": S}, ["kind", "name"],
               "A reference to an Addressable object; its status.address.url is where events go."),
    "uri": {"type": "string", "description": "An absolute URI, or a URI relative to the ref's address."},
    "CACerts": S,
    "audience": S,
}, description="Where events go: a ref, a uri, or both.")

DELIVERY = obj({
    "deadLetterSink": DESTINATION,
    "retry": {"type": "integer", "format": "int32", "minimum": 0},
    "backoffPolicy": {"type": "string", "enum": ["linear", "exponential"]},
    "backoffDelay": {"type": "string", "description": "ISO-8601 duration, e.g. PT0.2S."},
    "backoffMax": {"type": "string", "description": "Mesh extension: ISO-8601 cap on one backoff wait."},
    "retryAfterMax": S,
    "timeout": S,
    "format": {"type": "string", "enum": ["json", "binary"]},
}, description="Retries, backoff and the dead-letter sink.")

CHANNEL_TEMPLATE = obj({"apiVersion": S, "kind": S, "spec": OPEN}, ["apiVersion", "kind"])

SUBSCRIBER_SPEC = obj({
    "uid": S, "generation": {"type": "integer", "format": "int64"}, "subscriberUri": S,
    "subscriberCACerts": S, "subscriberAudience": S, "replyUri": S, "replyCACerts": S,
    "replyAudience": S, "delivery": DELIVERY, "name": S,
})

SECRET_VALUE = obj({"secretKeyRef": obj({"name": S, "key": S, "optional": {"type": "boolean"}}, ["key"])})

CE_OVERRIDES = obj({"extensions": {"type": "object", "additionalProperties": S}})

EXACT_MAP = {"type": "object", "additionalProperties": S}
FILTER_ITEM = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}

TRIGGER_SPEC = obj({
    "broker": S,
    "brokerRef": kref(),
    "filter": obj({"attributes": EXACT_MAP}),
    "filters": {"type": "array", "items": obj({
        "all": {"type": "array", "items": FILTER_ITEM},
        "any": {"type": "array", "items": FILTER_ITEM},
        "not": FILTER_ITEM,
        "exact": EXACT_MAP, "prefix": EXACT_MAP, "suffix": EXACT_MAP,
        "cesql": S,
    })},
    "subscriber": DESTINATION,
    "delivery": DELIVERY,
}, ["broker", "subscriber"])

GITHUB_EVENTS = [
    "check_run", "check_suite", "commit_comment", "create", "delete", "deployment", "deployment_status",
    "fork", "gollum", "installation", "integration_installation", "issue_comment", "issues", "label",
    "member", "membership", "milestone", "organization", "org_block", "page_build", "ping", "project_card",
    "project_column", "project", "public", "pull_request", "pull_request_review",
    "pull_request_review_comment", "push", "release", "repository", "status", "team", "team_add", "watch",
]

READY = ".status.conditions[?(@.type==\"Ready\")].status"
REASON = ".status.conditions[?(@.type==\"Ready\")].reason"


def columns(*extra, url=".status.address.url"):
    cols = []
    if url:
        cols.append({"name": "URL", "type": "string", "jsonPath": url})
    cols.extend(extra)
    cols += [
        {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
        {"name": "Ready", "type": "string", "jsonPath": READY},
        {"name": "Reason", "type": "string", "jsonPath": REASON},
    ]
    return cols


def crd(group, version, kind, plural, short, categories, spec, cols, labels, description, required_spec=True):
    schema = obj({
        "apiVersion": S, "kind": S, "metadata": {"type": "object"},
        "spec": spec,
        "status": dict(OPEN, description="Observed state, written by the mesh: conditions, observedGeneration, address, resolved URIs."),
    }, ["spec"] if required_spec else None, description)
    names = {"kind": kind, "plural": plural, "singular": kind.lower(), "categories": categories}
    if short:
        names["shortNames"] = short
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}", "labels": dict({"app.kubernetes.io/part-of": "mesh", "knative.dev/crd-install": "true"}, **labels)},
        "spec": {
            "group": group,
            "names": names,
            "scope": "Namespaced",
            "versions": [{
                "name": version, "served": True, "storage": True,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": schema},
                "additionalPrinterColumns": cols,
            }],
        },
    }


ADDRESSABLE = {"duck.knative.dev/addressable": "true"}
CHANNEL = {"duck.knative.dev/addressable": "true", "messaging.knative.dev/subscribable": "true"}
SOURCE = {"duck.knative.dev/source": "true", "eventing.knative.dev/source": "true"}
SINK_URI = {"name": "Sink", "type": "string", "jsonPath": ".status.sinkUri"}

KINDS = [
    ("100-broker.yaml", crd("eventing.knative.dev", "v1", "Broker", "brokers", ["kb"], ["all", "knative", "eventing"],
        obj({"config": kref(), "delivery": DELIVERY}), columns(), ADDRESSABLE,
        "A content-based router: events POSTed to its address reach the triggers whose filters match.", required_spec=False)),
    ("101-trigger.yaml", crd("eventing.knative.dev", "v1", "Trigger", "triggers", ["kt"], ["all", "knative", "eventing"],
        TRIGGER_SPEC, columns({"name": "Broker", "type": "string", "jsonPath": ".spec.broker"},
                              {"name": "Subscriber_URI", "type": "string", "jsonPath": ".status.subscriberUri"}, url=None), {},
        "A filter on a broker and the subscriber that gets the events it matches.")),
    ("200-inmemorychannel.yaml", crd("messaging.knative.dev", "v1", "InMemoryChannel", "inmemorychannels", ["imc"],
        ["all", "knative", "messaging", "channel"],
        obj({"subscribers": {"type": "array", "items": SUBSCRIBER_SPEC}, "delivery": DELIVERY}), columns(), CHANNEL,
        "A channel whose events live in the mesh's streams.", required_spec=False)),
    ("201-channel.yaml", crd("messaging.knative.dev", "v1", "Channel", "channels", ["ch"], ["all", "knative", "messaging", "channel"],
        obj({"channelTemplate": CHANNEL_TEMPLATE, "subscribers": {"type": "array", "items": SUBSCRIBER_SPEC}, "delivery": DELIVERY}),
        columns(), CHANNEL, "A channel backed by the implementation its channelTemplate names.", required_spec=False)),
    ("202-subscription.yaml", crd("messaging.knative.dev", "v1", "Subscription", "subscriptions", ["sub"], ["all", "knative", "messaging"],
        obj({"channel": kref(with_namespace=False), "subscriber": DESTINATION, "reply": DESTINATION, "delivery": DELIVERY}, ["channel"]),
        columns(url=None), {}, "Forwards every event on a channel to a subscriber, and the reply onwards.")),
    ("300-sequence.yaml", crd("flows.knative.dev", "v1", "Sequence", "sequences", ["seq"], ["all", "knative", "flows"],
        obj({"steps": {"type": "array", "items": obj(dict(DESTINATION["properties"], delivery=DELIVERY))},
             "channelTemplate": CHANNEL_TEMPLATE, "reply": DESTINATION}, ["steps"]),
        columns(), ADDRESSABLE, "Events pass through each step in order; the last reply goes to reply.")),
    ("301-parallel.yaml", crd("flows.knative.dev", "v1", "Parallel", "parallels", [], ["all", "knative", "flows"],
        obj({"branches": {"type": "array", "items": obj({"filter": DESTINATION, "subscriber": DESTINATION,
                                                          "reply": DESTINATION, "delivery": DELIVERY}, ["subscriber"])},
             "channelTemplate": CHANNEL_TEMPLATE, "reply": DESTINATION}, ["branches"]),
        columns(), ADDRESSABLE, "Every event goes to each branch: filter, then subscriber, then reply.")),
    ("400-pingsource.yaml", crd("sources.knative.dev", "v1", "PingSource", "pingsources", [], ["all", "knative", "sources"],
        obj({"schedule": S, "timezone": S, "contentType": S, "data": S, "dataBase64": S,
             "sink": DESTINATION, "ceOverrides": CE_OVERRIDES, "delivery": DELIVERY}, ["schedule", "sink"]),
        columns(SINK_URI, {"name": "Schedule", "type": "string", "jsonPath": ".spec.schedule"}, url=None), SOURCE,
        "Sends an event to its sink on a cron schedule.")),
    ("401-githubsource.yaml", crd("sources.knative.dev", "v1alpha1", "GitHubSource", "githubsources", [], ["all", "knative", "sources"],
        obj({"ownerAndRepository": {"type": "string", "minLength": 1, "description": "owner/repo, or an organisation name for an org hook."},
             "eventTypes": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": GITHUB_EVENTS}},
             "accessToken": SECRET_VALUE, "secretToken": SECRET_VALUE,
             "githubAPIURL": S, "secure": {"type": "boolean"}, "serviceAccountName": S,
             "sink": DESTINATION, "ceOverrides": CE_OVERRIDES},
            ["ownerAndRepository", "eventTypes", "accessToken", "secretToken"]),
        columns(SINK_URI, url=None), SOURCE,
        "Registers a webhook on a GitHub repository or organisation and turns its deliveries into CloudEvents.")),
]

SELECTOR = obj({
    "matchLabels": {"type": "object", "additionalProperties": S},
    "matchExpressions": {"type": "array", "items": obj({"key": S, "operator": S, "values": {"type": "array", "items": S}}, ["key", "operator"])},
})

KINDS.append(
    ("102-eventpolicy.yaml", crd("eventing.knative.dev", "v1alpha1", "EventPolicy", "eventpolicies", [], ["all", "knative", "eventing"],
        obj({"to": {"type": "array", "items": obj({"ref": obj({"apiVersion": S, "kind": S, "name": S}, ["apiVersion", "kind", "name"]),
                                                    "selector": obj(dict(SELECTOR["properties"], apiVersion=S, kind=S), ["apiVersion", "kind"])})},
             "from": {"type": "array", "items": obj({"ref": obj({"apiVersion": S, "kind": S, "name": S, "namespace": S}, ["apiVersion", "kind", "name"]),
                                                      "sub": S})},
             "filters": TRIGGER_SPEC["properties"]["filters"]}),
        columns(url=None), {},
        "Who may send events to which brokers and channels (by token subject or mesh object), and which events.", required_spec=False)))

KINDS.append(
    ("402-apiserversource.yaml", crd("sources.knative.dev", "v1", "ApiServerSource", "apiserversources", [], ["all", "knative", "sources"],
        obj({"resources": {"type": "array", "minItems": 1, "items": obj({"apiVersion": S, "kind": S, "selector": SELECTOR}, ["apiVersion", "kind"])},
             "mode": {"type": "string", "enum": ["Reference", "Resource"]},
             "owner": obj({"apiVersion": S, "kind": S}),
             "serviceAccountName": S,
             "namespaceSelector": SELECTOR,
             "sink": DESTINATION, "ceOverrides": CE_OVERRIDES, "delivery": DELIVERY}, ["resources", "sink"]),
        columns(SINK_URI, url=None), SOURCE,
        "Watches Kubernetes objects (Kubernetes mode only) and sends their adds, updates and deletes to its sink.")))

KINDS.append(
    ("403-sinkbinding.yaml", crd("sources.knative.dev", "v1", "SinkBinding", "sinkbindings", [], ["all", "knative", "sources", "bindings"],
        obj({"subject": obj({"apiVersion": S, "kind": S, "name": S, "namespace": S, "selector": SELECTOR}, ["apiVersion", "kind"]),
             "sink": DESTINATION, "ceOverrides": CE_OVERRIDES}, ["subject", "sink"]),
        columns(SINK_URI, url=None), dict(SOURCE, **{"duck.knative.dev/binding": "true"}),
        "Puts K_SINK and K_CE_OVERRIDES into the pod template of its subjects (Kubernetes mode only).")))

HEADER = "# Generated by deploy/hack/generate-crds.py; edit the script, not this file.\n"

if __name__ == "__main__":
    for file, doc in KINDS:
        with open(os.path.join("deploy", "crds", file), "w") as f:
            f.write(HEADER)
            yaml.dump(doc, f, Dumper=NoAliases, sort_keys=False, default_flow_style=False, width=120)
    print(f"wrote {len(KINDS)} CRDs")
