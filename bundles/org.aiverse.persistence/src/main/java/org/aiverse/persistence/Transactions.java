package org.aiverse.persistence;

import java.util.function.Function;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

/** Resource-local JPA transactions: one entity manager and one transaction per unit of work. */
public final class Transactions {

    private Transactions() {}

    /**
     * Runs {@code work} in a new transaction and commits it; rolls back and rethrows on any failure. The
     * commit has returned (and so is durable) before this method returns.
     */
    public static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }
}
