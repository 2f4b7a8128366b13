NAME pod-packing-pp-n4-p2-l1-u150-s84
OBJSENSE
    MAX
ROWS
 N obj
 L placeOnce(rs_001_0)
 L placeOnce(rs_001_1)
 L placeOnce(rs_001_2)
 L placeOnce(rs_001_3)
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
 L capacity(node_4,cpu)
 L capacity(node_4,memory)
 L capacity(node_4,pods)
COLUMNS
    MARKER0 'MARKER' 'INTORG'
    x(rs_001_0,node_1) obj 6
    x(rs_001_0,node_1) placeOnce(rs_001_0) 1
    x(rs_001_0,node_1) capacity(node_1,cpu) 137
    x(rs_001_0,node_1) capacity(node_1,memory) 552000000
    x(rs_001_0,node_1) capacity(node_1,pods) 1
    x(rs_001_0,node_2) obj 4
    x(rs_001_0,node_2) placeOnce(rs_001_0) 1
    x(rs_001_0,node_2) capacity(node_2,cpu) 137
    x(rs_001_0,node_2) capacity(node_2,memory) 552000000
    x(rs_001_0,node_2) capacity(node_2,pods) 1
    x(rs_001_0,node_3) obj 4
    x(rs_001_0,node_3) placeOnce(rs_001_0) 1
    x(rs_001_0,node_3) capacity(node_3,cpu) 137
    x(rs_001_0,node_3) capacity(node_3,memory) 552000000
    x(rs_001_0,node_3) capacity(node_3,pods) 1
    x(rs_001_0,node_4) obj 4
    x(rs_001_0,node_4) placeOnce(rs_001_0) 1
    x(rs_001_0,node_4) capacity(node_4,cpu) 137
    x(rs_001_0,node_4) capacity(node_4,memory) 552000000
    x(rs_001_0,node_4) capacity(node_4,pods) 1
    x(rs_001_1,node_2) obj 6
    x(rs_001_1,node_2) placeOnce(rs_001_1) 1
    x(rs_001_1,node_2) capacity(node_2,cpu) 137
    x(rs_001_1,node_2) capacity(node_2,memory) 552000000
    x(rs_001_1,node_2) capacity(node_2,pods) 1
    x(rs_001_1,node_1) obj 4
    x(rs_001_1,node_1) placeOnce(rs_001_1) 1
    x(rs_001_1,node_1) capacity(node_1,cpu) 137
    x(rs_001_1,node_1) capacity(node_1,memory) 552000000
    x(rs_001_1,node_1) capacity(node_1,pods) 1
    x(rs_001_1,node_3) obj 4
    x(rs_001_1,node_3) placeOnce(rs_001_1) 1
    x(rs_001_1,node_3) capacity(node_3,cpu) 137
    x(rs_001_1,node_3) capacity(node_3,memory) 552000000
    x(rs_001_1,node_3) capacity(node_3,pods) 1
    x(rs_001_1,node_4) obj 4
    x(rs_001_1,node_4) placeOnce(rs_001_1) 1
    x(rs_001_1,node_4) capacity(node_4,cpu) 137
    x(rs_001_1,node_4) capacity(node_4,memory) 552000000
    x(rs_001_1,node_4) capacity(node_4,pods) 1
    x(rs_001_2,node_1) obj 5
    x(rs_001_2,node_1) placeOnce(rs_001_2) 1
    x(rs_001_2,node_1) capacity(node_1,cpu) 137
    x(rs_001_2,node_1) capacity(node_1,memory) 552000000
    x(rs_001_2,node_1) capacity(node_1,pods) 1
    x(rs_001_2,node_2) obj 5
    x(rs_001_2,node_2) placeOnce(rs_001_2) 1
    x(rs_001_2,node_2) capacity(node_2,cpu) 137
    x(rs_001_2,node_2) capacity(node_2,memory) 552000000
    x(rs_001_2,node_2) capacity(node_2,pods) 1
    x(rs_001_2,node_3) obj 5
    x(rs_001_2,node_3) placeOnce(rs_001_2) 1
    x(rs_001_2,node_3) capacity(node_3,cpu) 137
    x(rs_001_2,node_3) capacity(node_3,memory) 552000000
    x(rs_001_2,node_3) capacity(node_3,pods) 1
    x(rs_001_2,node_4) obj 5
    x(rs_001_2,node_4) placeOnce(rs_001_2) 1
    x(rs_001_2,node_4) capacity(node_4,cpu) 137
    x(rs_001_2,node_4) capacity(node_4,memory) 552000000
    x(rs_001_2,node_4) capacity(node_4,pods) 1
    x(rs_001_3,node_1) obj 5
    x(rs_001_3,node_1) placeOnce(rs_001_3) 1
    x(rs_001_3,node_1) capacity(node_1,cpu) 137
    x(rs_001_3,node_1) capacity(node_1,memory) 552000000
    x(rs_001_3,node_1) capacity(node_1,pods) 1
    x(rs_001_3,node_2) obj 5
    x(rs_001_3,node_2) placeOnce(rs_001_3) 1
    x(rs_001_3,node_2) capacity(node_2,cpu) 137
    x(rs_001_3,node_2) capacity(node_2,memory) 552000000
    x(rs_001_3,node_2) capacity(node_2,pods) 1
    x(rs_001_3,node_3) obj 5
    x(rs_001_3,node_3) placeOnce(rs_001_3) 1
    x(rs_001_3,node_3) capacity(node_3,cpu) 137
    x(rs_001_3,node_3) capacity(node_3,memory) 552000000
    x(rs_001_3,node_3) capacity(node_3,pods) 1
    x(rs_001_3,node_4) obj 5
    x(rs_001_3,node_4) placeOnce(rs_001_3) 1
    x(rs_001_3,node_4) capacity(node_4,cpu) 137
    x(rs_001_3,node_4) capacity(node_4,memory) 552000000
    x(rs_001_3,node_4) capacity(node_4,pods) 1
    x(rs_002_0,node_1) obj 5
    x(rs_002_0,node_1) placeOnce(rs_002_0) 1
    x(rs_002_0,node_1) capacity(node_1,cpu) 436
    x(rs_002_0,node_1) capacity(node_1,memory) 764000000
    x(rs_002_0,node_1) capacity(node_1,pods) 1
    x(rs_002_0,node_2) obj 5
    x(rs_002_0,node_2) placeOnce(rs_002_0) 1
    x(rs_002_0,node_2) capacity(node_2,cpu) 436
    x(rs_002_0,node_2) capacity(node_2,memory) 764000000
    x(rs_002_0,node_2) capacity(node_2,pods) 1
    x(rs_002_0,node_3) obj 5
    x(rs_002_0,node_3) placeOnce(rs_002_0) 1
    x(rs_002_0,node_3) capacity(node_3,cpu) 436
    x(rs_002_0,node_3) capacity(node_3,memory) 764000000
    x(rs_002_0,node_3) capacity(node_3,pods) 1
    x(rs_002_0,node_4) obj 5
    x(rs_002_0,node_4) placeOnce(rs_002_0) 1
    x(rs_002_0,node_4) capacity(node_4,cpu) 436
    x(rs_002_0,node_4) capacity(node_4,memory) 764000000
    x(rs_002_0,node_4) capacity(node_4,pods) 1
    x(rs_002_1,node_1) obj 5
    x(rs_002_1,node_1) placeOnce(rs_002_1) 1
    x(rs_002_1,node_1) capacity(node_1,cpu) 436
    x(rs_002_1,node_1) capacity(node_1,memory) 764000000
    x(rs_002_1,node_1) capacity(node_1,pods) 1
    x(rs_002_1,node_2) obj 5
    x(rs_002_1,node_2) placeOnce(rs_002_1) 1
    x(rs_002_1,node_2) capacity(node_2,cpu) 436
    x(rs_002_1,node_2) capacity(node_2,memory) 764000000
    x(rs_002_1,node_2) capacity(node_2,pods) 1
    x(rs_002_1,node_3) obj 5
    x(rs_002_1,node_3) placeOnce(rs_002_1) 1
    x(rs_002_1,node_3) capacity(node_3,cpu) 436
    x(rs_002_1,node_3) capacity(node_3,memory) 764000000
    x(rs_002_1,node_3) capacity(node_3,pods) 1
    x(rs_002_1,node_4) obj 5
    x(rs_002_1,node_4) placeOnce(rs_002_1) 1
    x(rs_002_1,node_4) capacity(node_4,cpu) 436
    x(rs_002_1,node_4) capacity(node_4,memory) 764000000
    x(rs_002_1,node_4) capacity(node_4,pods) 1
    MARKER1 'MARKER' 'INTEND'
RHS
    RHS obj -2
    RHS placeOnce(rs_001_0) 1
    RHS placeOnce(rs_001_1) 1
    RHS placeOnce(rs_001_2) 1
    RHS placeOnce(rs_001_3) 1
    RHS placeOnce(rs_002_0) 1
    RHS placeOnce(rs_002_1) 1
    RHS capacity(node_1,cpu) 500
    RHS capacity(node_1,memory) 914000000
    RHS capacity(node_1,pods) 110
    RHS capacity(node_2,cpu) 500
    RHS capacity(node_2,memory) 914000000
    RHS capacity(node_2,pods) 110
    RHS capacity(node_3,cpu) 500
    RHS capacity(node_3,memory) 914000000
    RHS capacity(node_3,pods) 110
    RHS capacity(node_4,cpu) 500
    RHS capacity(node_4,memory) 914000000
    RHS capacity(node_4,pods) 110
BOUNDS
 BV BND x(rs_001_0,node_1)
 BV BND x(rs_001_0,node_2)
 BV BND x(rs_001_0,node_3)
 BV BND x(rs_001_0,node_4)
 BV BND x(rs_001_1,node_2)
 BV BND x(rs_001_1,node_1)
 BV BND x(rs_001_1,node_3)
 BV BND x(rs_001_1,node_4)
 BV BND x(rs_001_2,node_1)
 BV BND x(rs_001_2,node_2)
 BV BND x(rs_001_2,node_3)
 BV BND x(rs_001_2,node_4)
 BV BND x(rs_001_3,node_1)
 BV BND x(rs_001_3,node_2)
 BV BND x(rs_001_3,node_3)
 BV BND x(rs_001_3,node_4)
 BV BND x(rs_002_0,node_1)
 BV BND x(rs_002_0,node_2)
 BV BND x(rs_002_0,node_3)
 BV BND x(rs_002_0,node_4)
 BV BND x(rs_002_1,node_1)
 BV BND x(rs_002_1,node_2)
 BV BND x(rs_002_1,node_3)
 BV BND x(rs_002_1,node_4)
ENDATA
