#!/usr/bin/env python3
"""Signed Twilio webhook requests for wrk (bench/wrk.sh), written before the run so wrk only sends bytes.

  wrk-requests.py probe --base URL
      sends one signed /voice/incoming (a call of its own, not one of the measured ones) and prints the
      Gather action the app answered with: the access-code step's URL, route and attempt included.
  wrk-requests.py make --base URL --step incoming|code --seed S --first I --count N --threads T --out PREFIX
                       [--action URL] [--plan FILE]
      writes PREFIX.<t>.req for each wrk thread t (request k goes to thread k mod T): each request is its
      length in bytes on a line, then the raw HTTP/1.1 request. Caller k of a run has the CallSid
      derived from the seed and k, so the code step reuses the calls the incoming step started, and a
      number of its own (distinct across callers and from the simulator's numbers).

The auth token is read from WRK_AUTH_TOKEN (not the command line, where ps shows it). Fields and headers
are the ones the simulator sends (src/IvrGateway.Simulator/Twilio): the standard call fields with
geography, CallStatus ringing on the first request and in-progress after, Digits and FinishedOnKey on a
Gather's action, an idempotency token per request and Twilio's user agent.
"""
import argparse
import base64
import hashlib
import hmac
import html
import json
import os
import random
import re
import sys
import urllib.parse
import urllib.request
import uuid

ACCOUNT_SID = "AC" + "b" * 32
DIALED = "+15557650000"
# Not the simulator's area codes (src/IvrGateway.Simulator/Load/LoadPlan.cs), so no wrk caller shares a
# number, and with it the per-number budgets, with a caller of the simulator's runs in the same Redis.
AREA_CODES = ["206", "305", "402", "503", "602", "702", "801", "901", "213", "313", "414", "513", "615", "714", "816", "916"]
# The simulator's geography for the numbers it knows; every other +1 number is just "US".
GEOGRAPHY = {"555": ("US", "", "", "")}


def signature(token, url, fields):
    """HMAC-SHA1 over the URL and the fields sorted by name (ordinal), each as name + value; base64."""
    text = url + "".join(name + value for name, value in sorted(fields, key=lambda f: (f[0], f[1])))
    return base64.b64encode(hmac.new(token.encode(), text.encode(), hashlib.sha1).digest()).decode()


def check_signature():
    # Twilio's documented test vector (see /work/shared/TWILIO.md): a wrong signer fails here, not in the run.
    fields = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675310"), ("Digits", "1234"),
              ("From", "+14158675310"), ("To", "+18005551212")]
    got = signature("12345", "https://example.com/myapp.php?foo=1&bar=2", fields)
    if got != "L/OH5YylLD5NRKLltdqwSvS0BnU=":
        sys.exit(f"The signature does not match Twilio's test vector: {got}")


def caller_number(index):
    """A distinct NANP number per caller index: 16 area codes x 700 exchanges x 10,000 lines."""
    area, rest = divmod(index, 700 * 10_000)
    exchange, line = divmod(rest, 10_000)
    return f"+1{AREA_CODES[area % len(AREA_CODES)]}{300 + exchange:03d}{line:04d}"


def call_sid(seed, index):
    return "CA" + hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:32]


def call_fields(sid, number, status, extra=()):
    def geography(prefix, num):
        country, state, city, zipcode = GEOGRAPHY.get(num[2:5], ("US", "", "", ""))
        return [(prefix + "Country", country), (prefix + "State", state), (prefix + "City", city), (prefix + "Zip", zipcode)]
    return [("AccountSid", ACCOUNT_SID), ("ApiVersion", "2010-04-01"), ("CallSid", sid), ("Direction", "inbound"),
            ("From", number), *geography("From", number), ("To", DIALED), *geography("To", DIALED),
            ("Caller", number), *geography("Caller", number), ("Called", DIALED), *geography("Called", DIALED),
            ("CallStatus", status), *extra]


def raw_request(token, url, fields):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    body = urllib.parse.urlencode(fields).encode()
    head = (f"POST {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"X-Twilio-Signature: {signature(token, url, fields)}\r\n"
            f"I-Twilio-Idempotency-Token: {uuid.uuid4()}\r\nUser-Agent: TwilioProxy/1.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def probe(args, token):
    url = args.base.rstrip("/") + "/voice/incoming"
    fields = call_fields(call_sid("probe-" + uuid.uuid4().hex, 0), caller_number(16 * 700 * 10_000 - 1), "ringing")
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST", headers={
        "X-Twilio-Signature": signature(token, url, fields), "User-Agent": "TwilioProxy/1.1",
        "I-Twilio-Idempotency-Token": str(uuid.uuid4())})
    with urllib.request.urlopen(request, timeout=15) as response:
        body = response.read().decode()
    match = re.search(r'<Gather[^>]*\saction="([^"]+)"', body)
    if not match or "/voice/step/" not in match.group(1):
        sys.exit(f"The app's answer to /voice/incoming has no Gather leading to a step:\n{body}")
    print(html.unescape(match.group(1)))


def make(args, token):
    if args.step == "incoming":
        url = args.base.rstrip("/") + "/voice/incoming"
    else:
        if not args.action:
            sys.exit("--action is needed for the code step.")
        url = args.action
    if args.plan:
        # The meetings the simulator's set-up created: caller k dials meeting k mod meetings, as the load command does.
        with open(args.plan) as file:
            plan = json.load(file)
        codes = {}
        for caller in plan["callers"]:
            codes.setdefault(caller["meeting"], caller["accessCode"])
        codes = [codes[m] for m in sorted(codes)]
    else:
        # A baseline checks no code: made-up ones, as the simulator's --no-setup.
        rng = random.Random(args.seed)
        codes = ["".join(rng.choice("0123456789") for _ in range(10)) for _ in range(300)]
    outputs = [open(f"{args.out}.{t}.req", "wb") for t in range(args.threads)]
    try:
        for k in range(args.count):
            index = args.first + k
            sid, number = call_sid(args.seed, index), caller_number(index)
            if args.step == "incoming":
                fields = call_fields(sid, number, "ringing")
            else:
                fields = call_fields(sid, number, "in-progress", [("Digits", codes[index % len(codes)]), ("FinishedOnKey", "#")])
            request = raw_request(token, url, fields)
            out = outputs[k % args.threads]
            out.write(f"{len(request)}\n".encode())
            out.write(request)
    finally:
        for out in outputs:
            out.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["probe", "make"])
    parser.add_argument("--base", required=True, help="the app's base URL, as the requests will reach it")
    parser.add_argument("--step", choices=["incoming", "code"], default="incoming")
    parser.add_argument("--action", help="the code step's URL, as the probe printed it")
    parser.add_argument("--plan", help="the simulator's plan (load --setup-only --plan): the meetings' access codes")
    parser.add_argument("--seed", default="wrk")
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default="requests")
    args = parser.parse_args()
    token = os.environ.get("WRK_AUTH_TOKEN") or sys.exit("Set WRK_AUTH_TOKEN to the app's Twilio auth token.")
    check_signature()
    probe(args, token) if args.command == "probe" else make(args, token)


if __name__ == "__main__":
    main()
