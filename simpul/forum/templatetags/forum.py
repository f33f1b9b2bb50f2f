from django import template
from django.utils.safestring import SafeString

from simpul.forum.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Post text as sanitised HTML (see simpul/forum/rendering.py)."""
    return render_markdown(text or "")


@register.inclusion_tag("forum/_indicator_threads.html", takes_context=True)
def indicator_threads(context, indicator, cycle=None) -> dict:
    """`{% indicator_threads indicator [cycle] %}`: the indicator's open obstacles and
    solutions in the current agency; new threads from here are anchored to `cycle`."""
    from simpul.forum.queries import threads_for_indicator

    membership = getattr(context.get("request"), "membership", None)
    if membership is None or indicator is None:
        return {"forum_threads": [], "forum_indicator": None}
    threads = threads_for_indicator(membership.agency, indicator)
    return {"forum_threads": threads, "forum_indicator": indicator, "forum_cycle": cycle}
