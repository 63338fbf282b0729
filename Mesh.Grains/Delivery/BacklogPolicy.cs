namespace Mesh.Grains.Delivery;

/// <summary>What a dispatcher must do next about the deliveries it does not hold in memory.</summary>
internal enum BacklogAction
{
    None,
    /// <summary>Read the next deliveries owed from the journal, in acceptance order.</summary>
    PageIn,
    /// <summary>Memory mode: ask the producer (router, channel) to journal events before handing them over.</summary>
    StartOverflow,
    /// <summary>Memory mode: the backlog is gone; events may come straight to memory again.</summary>
    StopOverflow,
}

/// <summary>
/// When a dispatcher's deliveries stay in memory and when they wait on disk. At most
/// <see cref="Capacity"/> are held in memory (queued, in flight or waiting for a retry); past that a
/// journaled delivery is left in the journal and the dispatcher is "spilled" until it has read back,
/// in acceptance order, everything the journal owes it. Reading starts once memory is down to half.
/// </summary>
/// <remarks>
/// Not thread-safe: the dispatcher calls it under its lock and does the I/O it asks for outside.
/// In memory mode events normally arrive straight from the producer, unjournaled; at capacity the
/// policy asks the producer to journal them (overflow), and to stop once the backlog has been read back.
/// </remarks>
internal sealed class BacklogPolicy(int capacity, bool durable)
{
    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>The journal may owe deliveries that are not in memory.</summary>
    public bool Spilled { get; private set; }

    /// <summary>Memory mode: the producer has been asked to journal events first.</summary>
    public bool Overflowing { get; private set; }

    /// <summary>Journaled deliveries left on disk so far; a read that saw none refused meanwhile may end the spill.</summary>
    public long Refusals { get; private set; }

    /// <summary>Nothing on disk is owed beyond memory, the producer sends straight, and no read is under way.</summary>
    public bool Quiet => !Spilled && !Overflowing && !_paging;

    private bool _paging;
    private long _strays;

    private int LowWater => Capacity / 2;

    /// <summary>A journaled delivery arrived (a hand-off): whether memory takes it, and what to do.</summary>
    public (bool Admitted, BacklogAction Action) OfferJournaled(int held)
    {
        if (!Spilled)
        {
            if (held < Capacity) return (true, BacklogAction.None);
            // Memory mode, the producer told to stop journaling: what it journaled before that is
            // still arriving, ahead of the events it now sends straight; taking it keeps their order.
            if (!durable && !Overflowing && held < 2 * Capacity) return (true, BacklogAction.None);
            Spilled = true;
        }
        Refusals++;
        if (!durable && !Overflowing)
        {
            // Whatever follows must come through the journal too, or it would overtake what was left there.
            Overflowing = true;
            return (false, BacklogAction.StartOverflow);
        }
        return (false, BacklogAction.None);
    }

    /// <summary>Memory mode: an unjournaled event was taken (memory cannot refuse it).</summary>
    public BacklogAction AfterDirect(int held)
    {
        if (durable || held < Capacity) return BacklogAction.None;
        if (!Overflowing)
        {
            Overflowing = true;
            _strays = 0;
            return BacklogAction.StartOverflow;
        }
        // Events still arriving unjournaled long after the producer was asked: it lost the request
        // (a router reactivated elsewhere); ask again now and then.
        return ++_strays % 1024 == 0 ? BacklogAction.StartOverflow : BacklogAction.None;
    }

    /// <summary>A delivery left memory (delivered, dead-lettered, dropped).</summary>
    public BacklogAction AfterDrain(int held)
    {
        if (held > LowWater) return BacklogAction.None;
        if (Spilled) return BeginPage();
        if (Overflowing && !durable)
        {
            Overflowing = false;
            return BacklogAction.StopOverflow;
        }
        return BacklogAction.None;
    }

    /// <summary>The journal may owe what memory does not hold (activation, the recovery pass, a lost hand-off).</summary>
    public BacklogAction Recheck(int held)
    {
        Spilled = true;
        Refusals++;
        return held < Capacity ? BeginPage() : BacklogAction.None;
    }

    /// <summary>How many deliveries the next read may take; 0 ends the paging (a later drain starts it again).</summary>
    public int ReadSize(int held)
    {
        var want = Capacity - held;
        if (Spilled && want > 0) return want;
        _paging = false;
        return 0;
    }

    /// <summary>
    /// A read returned: when it found fewer than it asked for and nothing was refused meanwhile, the
    /// journal owes no more than memory holds. Says whether to read again at once (memory is still
    /// low); otherwise paging ends and resumes when memory drains to half.
    /// </summary>
    public bool EndRead(int held, bool exhausted, long refusalsBefore)
    {
        if (exhausted && Refusals == refusalsBefore) Spilled = false;
        if (Spilled && held <= LowWater) return true;
        _paging = false;
        return false;
    }

    /// <summary>The read failed; a later drain or recheck starts it again.</summary>
    public void ReadFailed() => _paging = false;

    private BacklogAction BeginPage()
    {
        if (_paging) return BacklogAction.None;
        _paging = true;
        return BacklogAction.PageIn;
    }
}
