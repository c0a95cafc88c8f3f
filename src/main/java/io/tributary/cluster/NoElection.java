package io.tributary.cluster;

import java.util.List;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * The cluster service of a process that must never lead (tributary.cluster.service=none: drain-spool,
 * redrive): the master component, configured by application.properties, needs a service to start at
 * all, even when no master: route runs. Here nobody is ever leader, so no poller could start.
 */
public final class NoElection extends AbstractCamelClusterService<NoElection.View> {

    public NoElection() {
        super("none");
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace);
    }

    /** A view with only this member, never the leader. */
    static final class View extends AbstractCamelClusterView {

        private final CamelClusterMember local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return false;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return "none";
            }
        };

        View(NoElection service, String namespace) {
            super(service, namespace);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }

        @Override
        protected void doStart() {
        }

        @Override
        protected void doStop() {
        }
    }
}
