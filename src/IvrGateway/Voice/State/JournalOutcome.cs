namespace IvrGateway.Voice.State;

/// <summary>Where a journalled step went: always into the call's one record, or nowhere once that record is gone.</summary>
public enum JournalOutcome
{
    /// <summary>The call was still in progress: the step joined its state.</summary>
    Appended,

    /// <summary>The call had ended (closed by any node): its record now holds the step.</summary>
    Merged,

    /// <summary>The call left no trace (Redis was down for all of it): the step is its record.</summary>
    Written,

    /// <summary>The call's record is already past the retention.</summary>
    Dropped,
}
