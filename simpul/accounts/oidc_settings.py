"""The OpenID Connect providers of a deployment, read from the environment at start-up.

Pure: no models, only `ImproperlyConfigured`, so settings.py can call it. Bad configuration is
refused with a Bahasa Indonesia message that names the variable (docs/sign-in.md).

    OIDC_PROVIDERS=keycloak,sso-kemendagri
    OIDC_KEYCLOAK_ISSUER=https://sso.kepriprov.go.id/realms/pemda
    OIDC_KEYCLOAK_CLIENT_ID=simpul
    OIDC_KEYCLOAK_CLIENT_SECRET=...
    OIDC_KEYCLOAK_LABEL=SSO Pemprov Kepri      (optional: the button reads "Masuk dengan ...")
    OIDC_KEYCLOAK_ENABLED=0                    (optional: switched off, sign-in refused)
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class OidcProvider:
    """One configured provider. `id` is its name in OIDC_PROVIDERS and in its URLs."""

    id: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    enabled: bool = True


def prefix(name: str) -> str:
    """OIDC_SSO_KEMENDAGRI_ for the provider named sso-kemendagri."""
    return f"OIDC_{name.upper().replace('-', '_')}_"


def providers_from_env(names_text: str, environ: Mapping[str, str]) -> tuple[OidcProvider, ...]:
    """The providers named in `names_text` (OIDC_PROVIDERS), each read from `environ`."""
    names = [item.strip() for item in names_text.split(",")]
    names = [name for name in names if name]
    providers = []
    for name in names:
        if not NAME.match(name):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: nama penyedia {name!r} tidak sah; pakai huruf kecil, angka dan "
                "tanda hubung, diawali huruf (misalnya keycloak)."
            )
        if name in (provider.id for provider in providers):
            raise ImproperlyConfigured(f"OIDC_PROVIDERS menyebut {name!r} dua kali.")
        providers.append(_provider(name, environ))
    return tuple(providers)


def _provider(name: str, environ: Mapping[str, str]) -> OidcProvider:
    start = prefix(name)

    def required(key: str, example: str) -> str:
        value = environ.get(start + key, "").strip()
        if not value:
            raise ImproperlyConfigured(
                f"{start}{key} wajib diisi karena OIDC_PROVIDERS menyebut {name!r} ({example})."
            )
        return value

    issuer = required("ISSUER", "alamat penerbit, misalnya https://sso.example.go.id/realms/pemda")
    parts = urlsplit(issuer)
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not parts.hostname or not (parts.scheme == "https" or loopback):
        raise ImproperlyConfigured(
            f"{start}ISSUER harus alamat https:// (http:// hanya untuk 127.0.0.1), bukan "
            f"{issuer!r}."
        )
    enabled_text = environ.get(start + "ENABLED", "1").strip().lower()
    if enabled_text not in TRUE | FALSE:
        raise ImproperlyConfigured(
            f"{start}ENABLED harus 1 (aktif) atau 0 (dimatikan), bukan {enabled_text!r}."
        )
    return OidcProvider(
        id=name,
        label=environ.get(start + "LABEL", "").strip() or name,
        issuer=issuer.rstrip("/"),
        client_id=required("CLIENT_ID", "client ID yang didaftarkan di penyedia"),
        client_secret=required("CLIENT_SECRET", "rahasia klien dari penyedia"),
        enabled=enabled_text in TRUE,
    )
