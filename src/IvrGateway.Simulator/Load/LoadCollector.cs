using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Load;

/// <summary>
/// Gathers what the calls of a run report, from many threads at once. Each call is reduced to a
/// few numbers as it ends, so the tool does not hold 10,000 call transcripts in memory.
/// </summary>
internal sealed class LoadCollector
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<double>> latencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private int total, bridged, refused, hungUp, errors, failed, webhooks, failedWebhooks, waited;
    private TimeSpan longestSlotWait;

    public void Record(CallResult result)
    {
        var exchanges = result.Webhooks.ToList();
        var failedExchange = exchanges.FirstOrDefault(exchange => !exchange.Succeeded);
        var failure = result.Outcome switch
        {
            CallOutcome.Bridged when failedExchange is not null => $"{StepOf(failedExchange.Path)} answered {failedExchange.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? failedExchange.Failure}",
            CallOutcome.Bridged => null,
            CallOutcome.Refused => "refused: " + Shorten(result.Heard.LastOrDefault() ?? "(nothing said)"),
            CallOutcome.CallerHungUp => "caller hung up: " + Shorten(result.Heard.LastOrDefault() ?? "(nothing said)"),
            _ => result.Error?.Kind.ToString() ?? "error",
        };
        lock (gate)
        {
            total++;
            switch (result.Outcome)
            {
                case CallOutcome.Bridged: bridged++; break;
                case CallOutcome.Refused: refused++; break;
                case CallOutcome.CallerHungUp: hungUp++; break;
                default: errors++; break;
            }
            foreach (var exchange in exchanges)
            {
                var step = StepOf(exchange.Path);
                if (!latencies.TryGetValue(step, out var samples))
                {
                    latencies[step] = samples = new List<double>(1024);
                }
                samples.Add(exchange.Elapsed.TotalMilliseconds);
                webhooks++;
                failedWebhooks += exchange.Succeeded ? 0 : 1;
            }
            if (failure is not null)
            {
                failed++;
                failures[failure] = failures.GetValueOrDefault(failure) + 1;
            }
        }
    }

    /// <summary>A call that ended in an exception of the tool itself, not an answer of the gateway.</summary>
    public void Crash(Exception exception)
    {
        lock (gate)
        {
            total++;
            errors++;
            failed++;
            var kind = "load tool: " + exception.GetType().Name;
            failures[kind] = failures.GetValueOrDefault(kind) + 1;
        }
    }

    public void WaitedForSlot(TimeSpan wait)
    {
        lock (gate)
        {
            waited++;
            longestSlotWait = wait > longestSlotWait ? wait : longestSlotWait;
        }
    }

    public CallCounts Calls()
    {
        lock (gate)
        {
            return new CallCounts(total, bridged, refused, hungUp, errors, failed,
                failures.OrderByDescending(pair => pair.Value).ToDictionary(StringComparer.Ordinal));
        }
    }

    public (int Webhooks, int Failed) WebhookCounts()
    {
        lock (gate)
        {
            return (webhooks, failedWebhooks);
        }
    }

    public (int Waited, TimeSpan Longest) SlotWaits()
    {
        lock (gate)
        {
            return (waited, longestSlotWait);
        }
    }

    /// <summary>Per step, in the order of a call, then the overall figures.</summary>
    public (IReadOnlyList<StepLatency> Steps, LatencySummary Overall) Latencies()
    {
        lock (gate)
        {
            var steps = latencies.OrderBy(pair => StepOrder(pair.Key)).ThenBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new StepLatency(pair.Key, LatencySummary.Of(pair.Value))).ToList();
            return (steps, LatencySummary.Of(latencies.Values.SelectMany(samples => samples)));
        }
    }

    /// <summary><c>/voice/step/accessCode</c> becomes <c>step/accessCode</c>: the path is the step, the query is not.</summary>
    public static string StepOf(string path)
    {
        const string Prefix = "/voice/";
        return path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path.TrimStart('/');
    }

    private static int StepOrder(string step) => step switch
    {
        "incoming" => 0,
        "step/accessCode" => 1,
        "step/passcode" => 2,
        "conference" => 4,
        "wait" => 5,
        "status" => 6,
        _ when step.StartsWith("step/", StringComparison.Ordinal) => 3,
        _ => 7,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
