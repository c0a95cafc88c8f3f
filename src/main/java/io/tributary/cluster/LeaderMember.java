package io.tributary.cluster;

import java.util.function.BooleanSupplier;

import org.apache.camel.cluster.CamelClusterMember;

/** A member of one election: this replica (leading while its view says so) or another, as the group reports it. */
final class LeaderMember implements CamelClusterMember {

    private final String id;
    private final boolean local;
    private final BooleanSupplier leader;

    private LeaderMember(String id, boolean local, BooleanSupplier leader) {
        this.id = id;
        this.local = local;
        this.leader = leader;
    }

    static LeaderMember local(String id, BooleanSupplier leads) {
        return new LeaderMember(id, true, leads);
    }

    static LeaderMember remote(String id, boolean leads) {
        return new LeaderMember(id, false, () -> leads);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    @Override
    public boolean isLocal() {
        return local;
    }
}
