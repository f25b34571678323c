using System.Collections.Frozen;
using IvrGateway.Voice.Flow;

namespace IvrGateway.Voice.Steps;

/// <summary>The handler of each step type, looked up once rather than searched on every webhook.</summary>
public sealed class FlowSteps(IEnumerable<IFlowStep> handlers)
{
    private readonly FrozenDictionary<StepType, IFlowStep> byType = handlers.ToFrozenDictionary(h => h.Type);

    public IFlowStep For(StepType type) => byType[type];
}
