from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from .models import Framework, Group, Indicator

SEARCH_LIMIT = 60


def _tree(framework: Framework) -> list[dict]:
    """The framework's groups as nested dicts, each with its indicators, in file order."""
    groups = list(framework.groups.order_by("position"))
    indicators = list(framework.indicators.order_by("position", "number"))
    nodes = {group.pk: {"group": group, "children": [], "indicators": []} for group in groups}
    roots = []
    for group in groups:
        node = nodes[group.pk]
        if group.parent_id:
            nodes[group.parent_id]["children"].append(node)
        else:
            roots.append(node)
    for indicator in indicators:
        nodes[indicator.group_id]["indicators"].append(indicator)
    return roots


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.order_by("status", "code")
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


@login_required
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework, code=code)
    context = {
        "framework": framework,
        "tree": _tree(framework),
        "bands": framework.bands.order_by("position"),
        "indicator_count": framework.indicators.count(),
    }
    return render(request, "frameworks/framework_detail.html", context)


@login_required
def indicator_detail(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    framework = get_object_or_404(Framework, code=code)
    item = get_object_or_404(
        Indicator.objects.select_related("group__parent__parent").prefetch_related("levels"),
        framework=framework,
        code=indicator,
    )
    path = []
    group: Group | None = item.group
    while group is not None:
        path.insert(0, group)
        group = group.parent
    siblings = framework.indicators.order_by("number").values_list("number", "code")
    previous_code = next_code = None
    codes = [code for _, code in siblings]
    position = codes.index(item.code)
    if position > 0:
        previous_code = codes[position - 1]
    if position < len(codes) - 1:
        next_code = codes[position + 1]
    scale = framework.scales.get(item.scale, [])
    context = {
        "framework": framework,
        "indicator": item,
        "path": path,
        "levels": item.levels.all(),
        "scale_levels": scale,
        "previous_code": previous_code,
        "next_code": next_code,
    }
    return render(request, "frameworks/indicator_detail.html", context)


@login_required
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    frameworks = Framework.objects.order_by("status", "code")
    framework_code = request.GET.get("kerangka", "")
    results = []
    total = 0
    if query:
        indicators = Indicator.objects.search(query).select_related("framework", "group")
        if framework_code:
            indicators = indicators.filter(framework__code=framework_code)
        indicators = indicators.order_by("framework__code", "number").prefetch_related(
            Prefetch("levels", to_attr="level_list")
        )
        total = indicators.count()
        results = [_with_snippet(item, query) for item in indicators[:SEARCH_LIMIT]]
    context = {
        "query": query,
        "results": results,
        "total": total,
        "limit": SEARCH_LIMIT,
        "frameworks": frameworks,
        "framework_code": framework_code,
    }
    template = "frameworks/search.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


def _with_snippet(indicator: Indicator, query: str) -> dict:
    """Where the first query word appears: which field, and some text around it."""
    word = query.split()[0].lower()
    fields = [
        ("", indicator.name),
        ("", indicator.question),
        ("", indicator.description),
        ("", indicator.assessment_rule),
        ("", indicator.example_evidence),
    ]
    for level in indicator.level_list:
        fields += [
            (level.level, level.criteria),
            (level.level, level.fulfilment),
            (level.level, level.evidence),
        ]
    for level_number, text in fields:
        at = (text or "").lower().find(word)
        if at >= 0:
            start = max(0, at - 80)
            end = min(len(text), at + len(word) + 120)
            snippet = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            return {"indicator": indicator, "snippet": snippet, "level": level_number}
    return {"indicator": indicator, "snippet": indicator.question, "level": ""}
