from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from simpul.frameworks.models import Framework


@login_required
def home(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.defer("document").order_by("status", "code")
    return render(request, "core/home.html", {"frameworks": frameworks})
