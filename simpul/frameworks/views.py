from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from .models import Framework, Group, Indicator, Item, Level, ValueRule
from .spec import FrameworkSpec, parse_decimal

SEARCH_LIMIT = 60

# How well the sources support a scoring rule (the "confidence" of a rule in the framework
# file), in the order the catalogue lists them, with what each one means for a reader.
CONFIDENCES = {
    "confirmed": (
        _("dikuatkan beberapa sumber"),
        _(
            "Aturan ini disebut atau dapat direproduksi oleh beberapa sumber yang saling bebas; "
            "kecil kemungkinan naskah resmi berbeda."
        ),
    ),
    "single_source": (
        _("bersumber tunggal"),
        _(
            "Aturan ini bersandar pada satu asal sumber saja (bisa beberapa berkas dari instansi "
            "yang sama); masuk akal, tetapi belum dikuatkan sumber lain."
        ),
    ),
    "disputed": (
        _("diperdebatkan"),
        _(
            "Sumber-sumber saling bertentangan; Simpul memakai bacaan yang disebut dalam aturan "
            "dan hasilnya perlu dicocokkan dengan naskah resmi."
        ),
    ),
}


def _level_names(spec: FrameworkSpec) -> dict[int, str]:
    """Level number → level name, the names of several scales joined with " / "."""
    names: dict[int, list[str]] = {}
    for scale in spec.level_scales:
        for level in scale.levels:
            if level.name not in names.setdefault(level.level, []):
                names[level.level].append(level.name)
    return {level: " / ".join(texts) for level, texts in names.items()}


def _rule_groups(spec: FrameworkSpec) -> list[dict]:
    """The framework's scoring rules by confidence (strongest first), empty groups left out."""
    groups = []
    for confidence, (label, meaning) in CONFIDENCES.items():
        rules = [rule for rule in spec.rules if rule.confidence == confidence]
        if rules:
            groups.append(
                {"confidence": confidence, "label": label, "meaning": meaning, "rules": rules}
            )
    return groups


def _tree(framework: Framework) -> list[dict]:
    """The framework's groups as nested dicts, each with its indicators, in file order.

    Every indicator carries `item_count`, its number of items (one aggregate query for all).
    """
    groups = list(framework.groups.order_by("position"))
    indicators = list(framework.indicators.order_by("position", "number"))
    counts = dict(
        Item.objects.filter(indicator__framework=framework)
        .order_by()
        .values_list("indicator_id")
        .annotate(n=Count("pk"))
        .values_list("indicator_id", "n")
    )
    for indicator in indicators:
        indicator.item_count = counts.get(indicator.pk, 0)
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
    frameworks = Framework.objects.defer("document").order_by("status", "code")
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


@login_required
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.defer("document"), code=code)
    spec = framework.spec()
    names = _level_names(spec)
    replacement = None
    if framework.superseded_by:
        replacement = (
            Framework.objects.filter(code=framework.superseded_by).only("code", "name").first()
        )
    context = {
        "framework": framework,
        "tree": _tree(framework),
        "bands": framework.bands.order_by("position"),
        "indicator_count": framework.indicators.count(),
        "replacement": replacement,
        "value_bands": [
            {"band": band, "name": names.get(band.level, "")} for band in spec.value_bands
        ],
        "rule_groups": _rule_groups(spec),
        "sources": spec.sources,
    }
    return render(request, "frameworks/framework_detail.html", context)


@login_required
def indicator_detail(request: HttpRequest, code: str, indicator: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.defer("document"), code=code)
    if indicator.isdigit() and len(indicator) <= 4:
        # /indikator/1/ is indicator number 1: go to its code's address.
        numbered = framework.indicators.filter(number=int(indicator)).first()
        if numbered is None:
            raise Http404
        return redirect("frameworks:indicator", framework.code, numbered.code, permanent=True)
    item = get_object_or_404(
        Indicator.objects.select_related("group__parent__parent").prefetch_related(
            Prefetch(
                "levels",
                queryset=Level.objects.order_by("level").prefetch_related(
                    Prefetch("items", queryset=Item.objects.order_by("position"))
                ),
            )
        ),
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
    scale_levels = framework.scales.get(item.scale, {}).get("levels", [])
    levels = list(item.levels.all())
    context = {
        "framework": framework,
        "indicator": item,
        "path": path,
        "levels": levels,
        "scale_levels": scale_levels,
        "item_count": sum(len(level.items.all()) for level in levels),
        "external": _external(framework, item, scale_levels),
        "previous_code": previous_code,
        "next_code": next_code,
    }
    return render(request, "frameworks/indicator_detail.html", context)


def _external(framework: Framework, indicator: Indicator, scale_levels: list[dict]) -> dict | None:
    """The external index of an indicator valued from one, with its conversion table.

    One row per level: the index's own range for that level and the value band it maps to.
    """
    if indicator.value_rule != ValueRule.EXTERNAL or not indicator.external:
        return None
    index = indicator.external
    spec = framework.spec()
    bands = {band.level: band for band in spec.value_bands}
    names = {entry["level"]: entry["name"] for entry in scale_levels}
    rows = [
        {
            "level": native["level"],
            "name": names.get(native["level"], ""),
            "lower": parse_decimal(native["lower"]),
            "upper": parse_decimal(native["upper"]),
            "band": bands.get(native["level"]),
        }
        for native in index.get("bands", [])
    ]
    scale = index.get("scale", {})
    return {
        "code": index.get("code", ""),
        "name": index.get("name", ""),
        "issuer": index.get("issuer", ""),
        "minimum": parse_decimal(scale.get("min")),
        "maximum": parse_decimal(scale.get("max")),
        "missing_value": parse_decimal(index.get("missing_value")) or Decimal(1),
        "source": index.get("source", ""),
        "note": index.get("note", ""),
        "rows": rows,
    }


@login_required
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    frameworks = Framework.objects.defer("document").order_by("status", "code")
    framework_code = request.GET.get("kerangka", "")
    results = []
    total = 0
    if query:
        # The framework's name and code only: its file (hundreds of KB) is never read per match.
        indicators = (
            Indicator.objects.search(query)
            .select_related("framework", "group")
            .defer("framework__document")
        )
        if framework_code:
            indicators = indicators.filter(framework__code=framework_code)
        indicators = indicators.order_by("framework__code", "number").prefetch_related(
            Prefetch(
                "levels",
                queryset=Level.objects.order_by("level").prefetch_related(
                    Prefetch(
                        "items", queryset=Item.objects.order_by("position"), to_attr="item_list"
                    )
                ),
                to_attr="level_list",
            )
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
    """Where the first query word appears: which field (level, item), and some text around it.

    Fields are tried in page order: the indicator's own texts, then per level its criteria,
    guidance, conditions and items (an item also matches by its code).
    """
    word = query.split()[0].lower()
    fields = [
        ("", "", indicator.name),
        ("", "", indicator.question),
        ("", "", indicator.description),
        ("", "", indicator.assessment_rule),
        ("", "", indicator.example_evidence),
    ]
    for level in indicator.level_list:
        fields += [
            (level.level, "", level.criteria),
            (level.level, "", level.fulfilment),
            (level.level, "", level.evidence),
            (level.level, "", level.conditions),
        ]
        fields += [(level.level, item.code, item.text) for item in level.item_list]
    for level_number, item_code, text in fields:
        at = (text or "").lower().find(word)
        if at >= 0:
            return {
                "indicator": indicator,
                "snippet": _around(text, at, len(word)),
                "level": level_number,
                "item": item_code,
            }
    for level in indicator.level_list:
        for item in level.item_list:
            if word in item.code.lower():
                text = item.text or item.note
                return {
                    "indicator": indicator,
                    "snippet": _around(text, 0, 0),
                    "level": level.level,
                    "item": item.code,
                }
    return {"indicator": indicator, "snippet": indicator.question, "level": "", "item": ""}


def _around(text: str, at: int, length: int) -> str:
    """Some text around text[at:at + length], with an ellipsis where it is cut."""
    start = max(0, at - 80)
    end = min(len(text), at + length + 120)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
