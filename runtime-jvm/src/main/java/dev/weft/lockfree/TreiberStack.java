package dev.weft.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * An unbounded last-in-first-out stack for any number of threads that never blocks and never
 * locks: {@link #push}, {@link #pop} and {@link #peek} are linearizable and lock-free.
 *
 * <pre>{@code
 * TreiberStack<Buffer> free = new TreiberStack<>();
 * free.push(buffer);
 * Buffer b = free.pop();          // null when empty
 * }</pre>
 *
 * {@link #size()} walks the stack: O(n), and an estimate under concurrent use. {@code null}
 * elements are refused.
 *
 * @param <E> the element type
 */
public final class TreiberStack<E> {
    /*
     * R. K. Treiber's stack: a singly linked list whose head is swapped by CAS. push makes a node
     * pointing at the head it read and CASes the head from that to the node (the linearization
     * point); pop reads the head and CASes it to the head's next (the linearization point; a pop
     * that reads a null head is linearized at that read). A failed CAS means another thread
     * pushed or popped meanwhile: read the head again. A node is never changed after it is
     * published (its fields are final), and the garbage collector keeps a node alive while any
     * thread can still read it, so the ABA problem of manual memory reuse cannot arise. The CAS
     * (volatile) publishes a pushed node's element; reads of the head are acquire reads.
     */

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TreiberStack.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Node<E>(E element, Node<E> next) {}

    @SuppressWarnings("unused")              // through HEAD
    private volatile Node<E> head;

    /** Creates an empty stack. */
    public TreiberStack() {}

    /**
     * Pushes {@code e} on top.
     *
     * @throws NullPointerException if {@code e} is null
     */
    public void push(E e) {
        Objects.requireNonNull(e, "TreiberStack elements must not be null");
        Node<E> top = top();
        Node<E> node = new Node<>(e, top);
        while (!HEAD.compareAndSet(this, top, node)) {
            top = top();
            node = new Node<>(e, top);
        }
    }

    /** Removes and returns the top element, or null if the stack is empty. */
    public E pop() {
        for (;;) {
            Node<E> top = top();
            if (top == null) {
                return null;
            }
            if (HEAD.compareAndSet(this, top, top.next())) {
                return top.element();
            }
        }
    }

    /** The top element without removing it, or null if the stack is empty. */
    public E peek() {
        Node<E> top = top();
        return top == null ? null : top.element();
    }

    /** Whether it is empty now. */
    public boolean isEmpty() {
        return top() == null;
    }

    /** How many elements it holds: a walk of the list, exact only when no thread changes it. */
    public int size() {
        int n = 0;
        for (Node<E> x = top(); x != null; x = x.next()) {
            n++;
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private Node<E> top() {
        return (Node<E>) HEAD.getAcquire(this);
    }

    @Override
    public String toString() {
        return "TreiberStack[size=" + size() + "]";
    }
}
