namespace CoursePortal.Data;

/// <summary>
/// One applied registrar import, run in the background: the file as uploaded (until it has run), its progress while it runs (any instance
/// may show it) and what it did once done.
/// </summary>
public class ProvisioningRun
{
    public int Id { get; set; }

    /// <summary>The run's address: not guessable, so a run id in a URL shows nothing to whoever guesses one.</summary>
    public Guid Key { get; set; }

    public ProvisioningState State { get; set; }
    public required string FileName { get; set; }
    /// <summary>The file as uploaded, until the run has run; emptied then (the result keeps every row's outcome).</summary>
    public required byte[] Content { get; set; }

    public required string RequestedById { get; set; }
    public required string RequestedByName { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>
    /// Which claim on the run is the live one: the instance that took it last (<see cref="Provisioning.RegistrarRuns"/>).
    /// Progress and the result are saved only under it, so an instance that lost the run cannot overwrite the one that took it over.
    /// </summary>
    public Guid? Claim { get; set; }

    /// <summary>
    /// Until when the claim holds; the running instance keeps moving it on. A run whose lease lapsed (its instance crashed
    /// or was killed) is taken again by any instance; applying a file again is safe, as rows already applied are unchanged.
    /// </summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>How many times the run was taken: more than once after an interruption.</summary>
    public int Attempts { get; set; }

    public int TotalRows { get; set; }
    public int DoneRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Failed { get; set; }

    /// <summary>The outcome of every row, as JSON, once the run is done.</summary>
    public string? ResultJson { get; set; }

    /// <summary>Why the run as a whole stopped, when it did.</summary>
    public string? Problem { get; set; }
}

public enum ProvisioningState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
