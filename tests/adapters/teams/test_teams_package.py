"""`samskaping teams package`: a manifest valid against Microsoft's v1.30 schema, zipped with two icons."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.adapters.teams.manifest import SCHEMA_PATH, PackageInput, build_manifest, build_package, png_size, validate
from bot.adapters.teams.schema_check import Validator
from bot.cli import app as cli
from bot.errors import ManifestError
from tests.adapters.teams.conftest import CLIENT_ID

SPEC = PackageInput(bot_id=CLIENT_ID, domain="samskaping.bodo.kommune.no")


def test_the_schema_is_microsofts_v1_30() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["manifestVersion"]["const"] == "1.30"


def test_the_filled_manifest_is_valid_against_the_official_schema() -> None:
    manifest = build_manifest(SPEC)
    validate(manifest)
    assert manifest["id"] == manifest["bots"][0]["botId"] == CLIENT_ID
    assert manifest["validDomains"] == ["samskaping.bodo.kommune.no"]
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]


def test_command_lists_hold_the_main_subcommands_within_the_limit() -> None:
    lists = build_manifest(SPEC)["bots"][0]["commandLists"]
    assert {tuple(c["scopes"]) for c in lists} == {("team", "groupChat"), ("personal",)}
    for entry in lists:
        assert 1 <= len(entry["commands"]) <= 12
        assert {"status", "refleksjon", "hjelp"} <= {c["title"] for c in entry["commands"]}


def test_rsc_permissions_are_requested_and_explained() -> None:
    manifest = build_manifest(SPEC)
    names = {p["name"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]}
    assert names == {"ChannelMessage.Read.Group", "ChatMessage.Read.Chat"}
    assert "ChannelMessage.Read.Group" in manifest["description"]["full"]


@pytest.mark.parametrize(("path", "value"), [
    (("bots", 0, "scopes"), ["everyone"]),
    (("id",), "not-a-guid"),
    (("accentColor",), "green"),
    (("name", "short"), "S" * 31),
    (("unknownField",), True),
])
def test_the_validator_rejects_what_the_schema_forbids(path: tuple[object, ...], value: object) -> None:
    manifest = build_manifest(SPEC)
    node: object = manifest
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ManifestError):
        validate(manifest)


def test_the_validator_handles_refs_required_and_combinators() -> None:
    schema = {"definitions": {"g": {"type": "string", "pattern": "^a"}}, "type": "object", "required": ["x"],
              "properties": {"x": {"$ref": "#/definitions/g"}, "y": {"oneOf": [{"type": "integer"}, {"minimum": 3}]}}}
    validator = Validator(schema)
    assert validator.errors({"x": "abc", "y": 1}) == []
    assert validator.errors({"x": "bcd"}) and validator.errors({}) and validator.errors({"x": "a", "y": 5})


def test_the_zip_holds_three_files_with_icons_sized_right() -> None:
    with zipfile.ZipFile(io.BytesIO(build_package(SPEC))) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        color, outline = archive.read("color.png"), archive.read("outline.png")
        validate(json.loads(archive.read("manifest.json")))
    assert png_size(color)[:2] == (192, 192)
    assert png_size(outline) == (32, 32, 6)  # RGBA: a transparent background
    pixels = zlib.decompress(outline[outline.index(b"IDAT") + 4:outline.index(b"IEND") - 8])
    assert pixels[1:5] == b"\x00\x00\x00\x00"  # the corner is fully transparent
    assert b"\xff\xff\xff\xff" in pixels  # and the drawing is white
    assert build_package(SPEC) == build_package(SPEC)  # deterministic


def test_the_cli_writes_the_package(tmp_path: Path) -> None:
    out = tmp_path / "app.zip"
    result = CliRunner().invoke(cli, ["teams", "package", "--bot-id", CLIENT_ID, "--domain", "bot.example.no",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).namelist() == ["manifest.json", "color.png", "outline.png"]


def test_the_cli_explains_a_missing_bot_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["teams", "package", "--domain", "bot.example.no", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "TEAMS_CLIENT_ID" in result.output


def test_the_package_is_built_from_the_environment_without_the_secret(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("TEAMS_CLIENT_ID", CLIENT_ID)  # the secret lives on the server only
    monkeypatch.setenv("TEAMS_BOT_DOMAIN", "samskaping.bodo.kommune.no")
    result = CliRunner().invoke(cli, ["teams", "package", "--out", str(tmp_path / "app.zip")])
    assert result.exit_code == 0, result.output
    manifest = json.loads(zipfile.ZipFile(tmp_path / "app.zip").read("manifest.json"))
    assert manifest["bots"][0]["botId"] == CLIENT_ID and manifest["validDomains"] == ["samskaping.bodo.kommune.no"]
