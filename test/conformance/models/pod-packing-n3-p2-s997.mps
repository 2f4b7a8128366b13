NAME pod-packing-pp-n3-p2-l1-u100-s997
OBJSENSE
    MAX
ROWS
 N obj
 L placeOnce(rs_000_0)
 L placeOnce(rs_000_1)
 L placeOnce(rs_001_0)
 L placeOnce(rs_001_1)
 L placeOnce(rs_002_0)
 L placeOnce(rs_002_1)
 L capacity(node_1,cpu)
 L capacity(node_1,memory)
 L capacity(node_1,pods)
 L capacity(node_2,cpu)
 L capacity(node_2,memory)
 L capacity(node_2,pods)
 L capacity(node_3,cpu)
 L capacity(node_3,memory)
 L capacity(node_3,pods)
COLUMNS
    MARKER0 'MARKER' 'INTORG'
    x(rs_000_0,node_1) obj 8
    x(rs_000_0,node_1) placeOnce(rs_000_0) 1
    x(rs_000_0,node_1) capacity(node_1,cpu) 501
    x(rs_000_0,node_1) capacity(node_1,memory) 336000000
    x(rs_000_0,node_1) capacity(node_1,pods) 1
    x(rs_000_0,node_2) obj 6
    x(rs_000_0,node_2) placeOnce(rs_000_0) 1
    x(rs_000_0,node_2) capacity(node_2,cpu) 501
    x(rs_000_0,node_2) capacity(node_2,memory) 336000000
    x(rs_000_0,node_2) capacity(node_2,pods) 1
    x(rs_000_0,node_3) obj 6
    x(rs_000_0,node_3) placeOnce(rs_000_0) 1
    x(rs_000_0,node_3) capacity(node_3,cpu) 501
    x(rs_000_0,node_3) capacity(node_3,memory) 336000000
    x(rs_000_0,node_3) capacity(node_3,pods) 1
    x(rs_000_1,node_2) obj 8
    x(rs_000_1,node_2) placeOnce(rs_000_1) 1
    x(rs_000_1,node_2) capacity(node_2,cpu) 501
    x(rs_000_1,node_2) capacity(node_2,memory) 336000000
    x(rs_000_1,node_2) capacity(node_2,pods) 1
    x(rs_000_1,node_1) obj 6
    x(rs_000_1,node_1) placeOnce(rs_000_1) 1
    x(rs_000_1,node_1) capacity(node_1,cpu) 501
    x(rs_000_1,node_1) capacity(node_1,memory) 336000000
    x(rs_000_1,node_1) capacity(node_1,pods) 1
    x(rs_000_1,node_3) obj 6
    x(rs_000_1,node_3) placeOnce(rs_000_1) 1
    x(rs_000_1,node_3) capacity(node_3,cpu) 501
    x(rs_000_1,node_3) capacity(node_3,memory) 336000000
    x(rs_000_1,node_3) capacity(node_3,pods) 1
    x(rs_001_0,node_3) obj 8
    x(rs_001_0,node_3) placeOnce(rs_001_0) 1
    x(rs_001_0,node_3) capacity(node_3,cpu) 260
    x(rs_001_0,node_3) capacity(node_3,memory) 878000000
    x(rs_001_0,node_3) capacity(node_3,pods) 1
    x(rs_001_0,node_1) obj 6
    x(rs_001_0,node_1) placeOnce(rs_001_0) 1
    x(rs_001_0,node_1) capacity(node_1,cpu) 260
    x(rs_001_0,node_1) capacity(node_1,memory) 878000000
    x(rs_001_0,node_1) capacity(node_1,pods) 1
    x(rs_001_0,node_2) obj 6
    x(rs_001_0,node_2) placeOnce(rs_001_0) 1
    x(rs_001_0,node_2) capacity(node_2,cpu) 260
    x(rs_001_0,node_2) capacity(node_2,memory) 878000000
    x(rs_001_0,node_2) capacity(node_2,pods) 1
    x(rs_001_1,node_1) obj 7
    x(rs_001_1,node_1) placeOnce(rs_001_1) 1
    x(rs_001_1,node_1) capacity(node_1,cpu) 260
    x(rs_001_1,node_1) capacity(node_1,memory) 878000000
    x(rs_001_1,node_1) capacity(node_1,pods) 1
    x(rs_001_1,node_2) obj 7
    x(rs_001_1,node_2) placeOnce(rs_001_1) 1
    x(rs_001_1,node_2) capacity(node_2,cpu) 260
    x(rs_001_1,node_2) capacity(node_2,memory) 878000000
    x(rs_001_1,node_2) capacity(node_2,pods) 1
    x(rs_001_1,node_3) obj 7
    x(rs_001_1,node_3) placeOnce(rs_001_1) 1
    x(rs_001_1,node_3) capacity(node_3,cpu) 260
    x(rs_001_1,node_3) capacity(node_3,memory) 878000000
    x(rs_001_1,node_3) capacity(node_3,pods) 1
    x(rs_002_0,node_1) obj 7
    x(rs_002_0,node_1) placeOnce(rs_002_0) 1
    x(rs_002_0,node_1) capacity(node_1,cpu) 170
    x(rs_002_0,node_1) capacity(node_1,memory) 521000000
    x(rs_002_0,node_1) capacity(node_1,pods) 1
    x(rs_002_0,node_2) obj 7
    x(rs_002_0,node_2) placeOnce(rs_002_0) 1
    x(rs_002_0,node_2) capacity(node_2,cpu) 170
    x(rs_002_0,node_2) capacity(node_2,memory) 521000000
    x(rs_002_0,node_2) capacity(node_2,pods) 1
    x(rs_002_0,node_3) obj 7
    x(rs_002_0,node_3) placeOnce(rs_002_0) 1
    x(rs_002_0,node_3) capacity(node_3,cpu) 170
    x(rs_002_0,node_3) capacity(node_3,memory) 521000000
    x(rs_002_0,node_3) capacity(node_3,pods) 1
    x(rs_002_1,node_1) obj 7
    x(rs_002_1,node_1) placeOnce(rs_002_1) 1
    x(rs_002_1,node_1) capacity(node_1,cpu) 170
    x(rs_002_1,node_1) capacity(node_1,memory) 521000000
    x(rs_002_1,node_1) capacity(node_1,pods) 1
    x(rs_002_1,node_2) obj 7
    x(rs_002_1,node_2) placeOnce(rs_002_1) 1
    x(rs_002_1,node_2) capacity(node_2,cpu) 170
    x(rs_002_1,node_2) capacity(node_2,memory) 521000000
    x(rs_002_1,node_2) capacity(node_2,pods) 1
    x(rs_002_1,node_3) obj 7
    x(rs_002_1,node_3) placeOnce(rs_002_1) 1
    x(rs_002_1,node_3) capacity(node_3,cpu) 170
    x(rs_002_1,node_3) capacity(node_3,memory) 521000000
    x(rs_002_1,node_3) capacity(node_3,pods) 1
    MARKER1 'MARKER' 'INTEND'
RHS
    RHS obj -3
    RHS placeOnce(rs_000_0) 1
    RHS placeOnce(rs_000_1) 1
    RHS placeOnce(rs_001_0) 1
    RHS placeOnce(rs_001_1) 1
    RHS placeOnce(rs_002_0) 1
    RHS placeOnce(rs_002_1) 1
    RHS capacity(node_1,cpu) 700
    RHS capacity(node_1,memory) 1157000000
    RHS capacity(node_1,pods) 110
    RHS capacity(node_2,cpu) 700
    RHS capacity(node_2,memory) 1157000000
    RHS capacity(node_2,pods) 110
    RHS capacity(node_3,cpu) 700
    RHS capacity(node_3,memory) 1157000000
    RHS capacity(node_3,pods) 110
BOUNDS
 BV BND x(rs_000_0,node_1)
 BV BND x(rs_000_0,node_2)
 BV BND x(rs_000_0,node_3)
 BV BND x(rs_000_1,node_2)
 BV BND x(rs_000_1,node_1)
 BV BND x(rs_000_1,node_3)
 BV BND x(rs_001_0,node_3)
 BV BND x(rs_001_0,node_1)
 BV BND x(rs_001_0,node_2)
 BV BND x(rs_001_1,node_1)
 BV BND x(rs_001_1,node_2)
 BV BND x(rs_001_1,node_3)
 BV BND x(rs_002_0,node_1)
 BV BND x(rs_002_0,node_2)
 BV BND x(rs_002_0,node_3)
 BV BND x(rs_002_1,node_1)
 BV BND x(rs_002_1,node_2)
 BV BND x(rs_002_1,node_3)
ENDATA
